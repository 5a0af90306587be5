--[[
  Records the certificate issued for a request, once: a second call leaves the first certificate and
  names it.

    Input:
      KEYS[1] the request (hash with certificateSerial)
      KEYS[2] the new certificate (hash)

      ARGV[1] new certificate serial (hex)
      ARGV[2] the certificate (DER, binary)
      ARGV[3] what else the record holds (JSON: subject, validity, request and device)

    Output:
      the serial of the request's certificate: the new one, or the one it already had
]]
if redis.call('HSETNX', KEYS[1], 'certificateSerial', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[2], 'der', ARGV[2], 'record', ARGV[3])
  return ARGV[1]
end
return redis.call('HGET', KEYS[1], 'certificateSerial')
