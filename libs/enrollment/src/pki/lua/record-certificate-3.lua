--[[
  Records the certificate issued for a request, once: a second call leaves the first certificate and
  names it. A request recorded before requests had this index names its certificate in its own hash,
  which is read (never written) so that such a request keeps the certificate it made.

    Input:
      KEYS[1] the request's certificate (string: serial, set once)
      KEYS[2] the new certificate (hash)
      KEYS[3] the request (hash; only its older certificateSerial field is read)

      ARGV[1] new certificate serial (hex)
      ARGV[2] the certificate (DER, binary)
      ARGV[3] what else the record holds (JSON: subject, validity, request and device)
      ARGV[4] how long the index is kept (seconds, as long as the request)

    Output:
      the serial of the request's certificate: the new one, or the one it already had
]]
local existing = redis.call('GET', KEYS[1]) or redis.call('HGET', KEYS[3], 'certificateSerial')
if existing then
  return existing
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
redis.call('HSET', KEYS[2], 'der', ARGV[2], 'record', ARGV[3])
return ARGV[1]
