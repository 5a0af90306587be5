--[[
  Points an active device object at a new certificate; idempotent.

    Input:
      KEYS[1] the device object

      ARGV[1] the certificate reference (JSON)

    Output:
      the object as it is afterwards (JSON; unchanged when it is not active), or false when there is none
]]
local raw = redis.call('GET', KEYS[1])
if raw == false then return false end
local device = cjson.decode(raw)
if device.status ~= 'active' then return raw end
device.certificate = cjson.decode(ARGV[1])
raw = cjson.encode(device)
redis.call('SET', KEYS[1], raw)
return raw
