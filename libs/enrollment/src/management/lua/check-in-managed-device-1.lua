--[[
  Records a message of a device's management session, creating its record on the first one.

    Input:
      KEYS[1] the managed device (hash)

      ARGV[1] the device's MDM DeviceID
      ARGV[2] time of the message (ISO 8601, compared as text)
      ARGV[3] 1 when the message opened a session, else 0

    Output:
      the number of sessions counted
]]
redis.call('HSET', KEYS[1], 'mdmDeviceId', ARGV[1])
-- Messages of one device may be answered by several orchestrators at once: the latest time stays.
local last = redis.call('HGET', KEYS[1], 'lastCheckInAt')
if not last or last < ARGV[2] then redis.call('HSET', KEYS[1], 'lastCheckInAt', ARGV[2]) end
return redis.call('HINCRBY', KEYS[1], 'sessions', ARGV[3])
