--[[
  Enrolls a bulk-enrolled device once. A device that is enrolled already keeps its enrollment: its id
  is returned, for the caller to read. The device object hears of it from the directory, in the same
  transaction (note-mdm-enrollment-1.lua).

    Input:
      KEYS[1] the device's enrollment index (device object id → enrollment id)
      KEYS[2] the new enrollment
      KEYS[3] enrollment list (zset by enrollment time)

      ARGV[1] new enrollment id
      ARGV[2] new enrollment (JSON)
      ARGV[3] enrollment time (ms)

    Output:
      { 1, the new enrollment (JSON) } when the device is enrolled now
      { 0, the id of the enrollment it already had }
]]
local existing = redis.call('GET', KEYS[1])
if existing then return { 0, existing } end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return { 1, ARGV[2] }
