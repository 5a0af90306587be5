--[[
  Gives a name back, if this object holds it and is not active.

    Input:
      KEYS[1] the name's reservation
      KEYS[2] the device object

      ARGV[1] device object id

    Output:
      1 if the name was freed, 0 otherwise
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local raw = redis.call('GET', KEYS[2])
if raw and cjson.decode(raw).status == 'active' then return 0 end
return redis.call('DEL', KEYS[1])
