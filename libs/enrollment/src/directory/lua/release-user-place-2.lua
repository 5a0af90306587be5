--[[
  Gives a user@device's place back, unless the user@device is registered.

    Input:
      KEYS[1] the user's places (set of user@device subjects)
      KEYS[2] the user@device's identity index

      ARGV[1] the user@device subject

    Output:
      1 if the place was given back, 0 otherwise
]]
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
return redis.call('SREM', KEYS[1], ARGV[1])
