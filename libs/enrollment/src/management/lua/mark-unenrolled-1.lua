--[[
  Marks a device unenrolled, once: the first reason and time stay.

    Input:
      KEYS[1] the managed device (hash)

      ARGV[1] time of the unenrollment (ISO 8601)
      ARGV[2] reason (device, admin or forced)

    Output:
      1 when marked now, 0 when it was already
]]
if redis.call('HSETNX', KEYS[1], 'unenrolledAt', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'unenrollReason', ARGV[2])
return 1
