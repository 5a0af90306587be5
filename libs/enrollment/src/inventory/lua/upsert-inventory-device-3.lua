--[[
  Stores one Configuration Manager device under its identity and says whether it was new, changed or
  already so. A batch runs one of these per device inside one MULTI, so two imports running at once
  still count each record once.

    Input:
      KEYS[1] inventory list (zset of identities by import sequence)
      KEYS[2] inventory sequence
      KEYS[3] the device's record (hash: record, createdAt, updatedAt)

      ARGV[1] import time (ISO 8601)
      ARGV[2] the device's identity (`sn:<SERIAL>` or `guid:<SMBIOS GUID>`)
      ARGV[3] the device's record (canonical JSON)

    Output:
      'created', 'updated' or 'unchanged'
]]
local existing = redis.call('HGET', KEYS[3], 'record')
if not existing then
  redis.call('HSET', KEYS[3], 'record', ARGV[3], 'createdAt', ARGV[1], 'updatedAt', ARGV[1])
  redis.call('ZADD', KEYS[1], 'NX', redis.call('INCR', KEYS[2]), ARGV[2])
  return 'created'
elseif existing == ARGV[3] then
  return 'unchanged'
end
redis.call('HSET', KEYS[3], 'record', ARGV[3], 'updatedAt', ARGV[1])
return 'updated'
