--[[
  Gives back the use a device's enrollment counted on a bulk token, if it counted one.

    Input:
      KEYS[1] the token (hash with uses)
      KEYS[2] the devices its uses were counted for (set)

      ARGV[1] the device (package + serial subject)

    Output:
      1
]]
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'uses', -1) end
return 1
