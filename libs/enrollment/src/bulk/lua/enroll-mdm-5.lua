--[[
  Enrolls a bulk-enrolled device once, and tells its device object its enrollment type in the same step
  (so directory filters can use it). The caller reads the device's enrollment index first and passes the
  key of the enrollment it names; if the index changed in between, the caller reads it again.

    Input:
      KEYS[1] the device's enrollment index (device object id → enrollment id)
      KEYS[2] the new enrollment
      KEYS[3] enrollment list (zset by enrollment time)
      KEYS[4] the device object
      KEYS[5] the enrollment the index named when the caller read it (the new one when it named none)

      ARGV[1] new enrollment id
      ARGV[2] new enrollment (JSON)
      ARGV[3] enrollment time (ms)
      ARGV[4] the id the index held when the caller read it, '' when none
      ARGV[5] enrollment type

    Output:
      the device's enrollment (JSON): the new one, or the one it already had
      -1 when the index changed since the caller read it: read it again
]]
local existing = redis.call('GET', KEYS[1])
if existing then
  if existing ~= ARGV[4] then return -1 end
  return redis.call('GET', KEYS[5])
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
local raw = redis.call('GET', KEYS[4])
if raw then
  local device = cjson.decode(raw)
  device.enrollmentType = ARGV[5]
  device.mdmEnrollmentId = ARGV[1]
  redis.call('SET', KEYS[4], cjson.encode(device))
end
return ARGV[2]
