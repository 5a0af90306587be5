--[[
  Numbers an event and files it in its request's list; the global stream gets only a reference to it
  (request id and record id), and the device's list, for an event of a device, names the request, so
  that the event is kept once. The record id is spliced into the filed form so that numbering and
  filing happen atomically.

    Input:
      KEYS[1] event sequence
      KEYS[2] event stream
      KEYS[3] the request's events (list)
      KEYS[4] the device's requests (list of request ids, most recent last); KEYS[3] again for an event
              without a device, then left alone

      ARGV[1] the event in its filed form, without its record id (JSON array, see stored-event.ts)
      ARGV[2] events kept per request
      ARGV[3] requests kept per device
      ARGV[4] events kept in the stream (approximately)
      ARGV[5] how long a request's events (and the device's list) are kept after the last one (seconds)
      ARGV[6] the request id

    Output:
      the event's record id
]]
local id = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[3], '[' .. id .. ',' .. string.sub(ARGV[1], 2))
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[3], ARGV[5])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'r', ARGV[6], 'n', id)
if KEYS[4] ~= KEYS[3] then
  if redis.call('LINDEX', KEYS[4], -1) ~= ARGV[6] then
    redis.call('RPUSH', KEYS[4], ARGV[6])
    redis.call('LTRIM', KEYS[4], -tonumber(ARGV[3]), -1)
  end
  redis.call('EXPIRE', KEYS[4], ARGV[5])
end
return id
