--[[
  Publishes a CRL unless one with a higher (or the same) number is already published.

    Input:
      KEYS[1] the published CRL (hash: number, der, nextUpdate)

      ARGV[1] CRL number
      ARGV[2] CRL (DER, base64)
      ARGV[3] next update (ISO 8601)

    Output:
      1 if published, 0 otherwise
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'number') or '-1')
if current >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'number', ARGV[1], 'der', ARGV[2], 'nextUpdate', ARGV[3])
return 1
