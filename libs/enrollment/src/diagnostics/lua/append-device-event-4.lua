--[[
  Numbers an event of a device and files it: in the global stream and in its request's list, and names
  the request in the device's list (an event is kept once, in its request's list). The record id is
  spliced into the JSON so that numbering and filing happen atomically.

    Input:
      KEYS[1] event sequence
      KEYS[2] event stream
      KEYS[3] the request's events (list)
      KEYS[4] the device's requests (list of request ids, most recent last)

      ARGV[1] the event (JSON object, without its record id)
      ARGV[2] events kept per request
      ARGV[3] requests kept per device
      ARGV[4] events kept in the stream (approximately)
      ARGV[5] how long a request's events (and the device's list) are kept after the last one (seconds)
      ARGV[6] the request id

    Output:
      the event's record id
]]
local id = redis.call('INCR', KEYS[1])
local json = '{"eventRecordId":' .. id .. ',' .. string.sub(ARGV[1], 2)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', json)
redis.call('RPUSH', KEYS[3], json)
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[3], ARGV[5])
if redis.call('LINDEX', KEYS[4], -1) ~= ARGV[6] then
  redis.call('RPUSH', KEYS[4], ARGV[6])
  redis.call('LTRIM', KEYS[4], -tonumber(ARGV[3]), -1)
end
redis.call('EXPIRE', KEYS[4], ARGV[5])
return id
