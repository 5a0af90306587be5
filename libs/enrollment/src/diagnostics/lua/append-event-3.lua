--[[
  Numbers an event and files it: in the global stream and in its request's list. The record id is
  spliced into the JSON so that numbering and filing happen atomically. For an event of a device, see
  append-device-event-4.lua.

    Input:
      KEYS[1] event sequence
      KEYS[2] event stream
      KEYS[3] the request's events (list)

      ARGV[1] the event (JSON object, without its record id)
      ARGV[2] events kept per request
      ARGV[3] requests kept per device (unused here; the same arguments as append-device-event-4)
      ARGV[4] events kept in the stream (approximately)
      ARGV[5] how long a request's events are kept after the last one (seconds)

    Output:
      the event's record id
]]
local id = redis.call('INCR', KEYS[1])
local json = '{"eventRecordId":' .. id .. ',' .. string.sub(ARGV[1], 2)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', json)
redis.call('RPUSH', KEYS[3], json)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[3], ARGV[5])
return id
