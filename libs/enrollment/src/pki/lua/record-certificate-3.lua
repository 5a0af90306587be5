--[[
  Records the certificate issued for a request, once: a second call returns the first certificate. The
  caller reads the request's certificate serial first and passes the key of that certificate; if the
  serial changed in between, the caller reads it again.

    Input:
      KEYS[1] the request (hash with certificateSerial)
      KEYS[2] the new certificate
      KEYS[3] the certificate the request named when the caller read it (the new one when it named none)

      ARGV[1] new certificate serial (hex)
      ARGV[2] new certificate record (JSON)
      ARGV[3] the serial the request held when the caller read it, '' when none

    Output:
      the request's certificate record (JSON): the new one, or the one it already had
      -1 when the request's serial changed since the caller read it: read it again
]]
if redis.call('HSETNX', KEYS[1], 'certificateSerial', ARGV[1]) == 1 then
  redis.call('SET', KEYS[2], ARGV[2])
  return ARGV[2]
end
if redis.call('HGET', KEYS[1], 'certificateSerial') ~= ARGV[3] then return -1 end
return redis.call('GET', KEYS[3])
