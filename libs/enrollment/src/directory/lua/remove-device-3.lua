--[[
  Marks a device object removed and frees its identity index and its name, each only if it still
  names this object; idempotent.

    Input:
      KEYS[1] the device object
      KEYS[2] its identity index (user@device or package + serial)
      KEYS[3] its name's reservation (held only by Entra-joined objects; left alone otherwise)

      ARGV[1] removal time (ISO 8601)

    Output:
      the object as it is afterwards (JSON), or false when there is none
]]
local raw = redis.call('GET', KEYS[1])
if raw == false then return false end
local device = cjson.decode(raw)
if device.status == 'removed' then return raw end
device.status = 'removed'
device.removedAt = ARGV[1]
raw = cjson.encode(device)
redis.call('SET', KEYS[1], raw)
if redis.call('GET', KEYS[2]) == device.id then redis.call('DEL', KEYS[2]) end
if redis.call('GET', KEYS[3]) == device.id then redis.call('DEL', KEYS[3]) end
return raw
