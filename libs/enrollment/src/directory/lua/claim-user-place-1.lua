--[[
  Holds one of a user's places for a user@device, once however often it is asked.

    Input:
      KEYS[1] the user's places (set of user@device subjects)

      ARGV[1] the user@device subject
      ARGV[2] the most places a user may hold

    Output:
      1 if the subject holds a place, 0 when other devices of the user hold them all
]]
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
return redis.call('SADD', KEYS[1], ARGV[1])
