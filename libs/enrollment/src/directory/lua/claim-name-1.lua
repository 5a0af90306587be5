--[[
  Reserves a device name for an object.

    Input:
      KEYS[1] the name's reservation

      ARGV[1] device object id

    Output:
      1 if the name is now the object's (also when it already was), 0 when another object holds it
]]
local holder = redis.call('GET', KEYS[1])
if holder == false then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
if holder == ARGV[1] then return 1 end
return 0
