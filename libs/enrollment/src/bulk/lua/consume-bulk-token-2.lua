--[[
  Counts one use of a bulk token for a device, once per device.

    Input:
      KEYS[1] the token (hash: expiresAt, revokedAt, maxUses, uses)
      KEYS[2] the devices its uses were counted for (set)

      ARGV[1] the device (package + serial subject)
      ARGV[2] now (ms)

    Output:
      'OK' (counted now or before), 'UNKNOWN', 'REVOKED', 'EXPIRED' or 'EXHAUSTED'
]]
local t = redis.call('HMGET', KEYS[1], 'expiresAt', 'revokedAt', 'maxUses', 'uses')
if not t[1] then return 'UNKNOWN' end
if t[2] then return 'REVOKED' end
if tonumber(t[1]) <= tonumber(ARGV[2]) then return 'EXPIRED' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'OK' end
if t[3] and tonumber(t[4]) >= tonumber(t[3]) then return 'EXHAUSTED' end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'uses', 1)
return 'OK'
