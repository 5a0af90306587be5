--[[
  Notes an administrator's unenrollment request: the first request's time is kept, and a device
  already unenrolled is left as it is.

    Input:
      KEYS[1] the managed device (hash)

      ARGV[1] time of the request (ISO 8601)

    Output:
      1 when noted now, 0 when requested already or unenrolled
]]
if redis.call('HEXISTS', KEYS[1], 'unenrolledAt') == 1 then return 0 end
return redis.call('HSETNX', KEYS[1], 'unenrollRequestedAt', ARGV[1])
