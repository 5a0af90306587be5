--[[
  Creates a device object unless its identity already has an active one; either way returns the one
  that is. The caller reads the identity's index first and passes the key of the object it names, so
  that key arrives in KEYS; if the index changed in between, the caller reads it again.

    Input:
      KEYS[1] identity index (user@device or package + serial → device object id)
      KEYS[2] the new device object
      KEYS[3] device list (zset by registration time)
      KEYS[4] the device object the index named when the caller read it (the new one when it named none)

      ARGV[1] new device object id
      ARGV[2] new device object (JSON)
      ARGV[3] registration time (ms)
      ARGV[4] the id the index held when the caller read it, '' when none

    Output:
      {1, new object JSON}      created
      {0, existing object JSON} the identity already has an active object
      {-1}                      the index changed since the caller read it: read it again
]]
local existing = redis.call('GET', KEYS[1])
if existing then
  if existing ~= ARGV[4] then return {-1} end
  return {0, redis.call('GET', KEYS[4])}
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, ARGV[2]}
