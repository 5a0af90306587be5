--[[
  Revokes a certificate once, and marks its record revoked (in either form the record may be stored,
  see read-certificate-1.lua).

    Input:
      KEYS[1] revoked certificates (hash: serial → revocation time in ms)
      KEYS[2] the certificate record

      ARGV[1] certificate serial (hex)
      ARGV[2] revocation time (ms)
      ARGV[3] revocation time (ISO 8601)

    Output:
      1 if revoked now, 0 if it already was
]]
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local kind = redis.call('TYPE', KEYS[2]).ok
if kind == 'hash' then
  redis.call('HSET', KEYS[2], 'revokedAt', ARGV[3])
elseif kind == 'string' then
  local certificate = cjson.decode(redis.call('GET', KEYS[2]))
  certificate.status = 'revoked'
  certificate.revokedAt = ARGV[3]
  redis.call('SET', KEYS[2], cjson.encode(certificate))
end
return 1
