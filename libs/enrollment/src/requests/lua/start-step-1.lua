--[[
  Marks a step of a request running (unless it already succeeded), counting the attempt; the request
  itself becomes running if it was queued.

    Input:
      KEYS[1] the request (hash)

      ARGV[1] the step's field
      ARGV[2] now (ISO 8601)

    Output:
      the step as it was before (JSON, or the compact form of a succeeded step), or false when the
      request has no such step
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw == false then return false end
-- A step in the compact form of a finished request (trim-request-1.lua) has succeeded: it stays as it is.
if string.sub(raw, 1, 1) ~= '{' then return raw end
local step = cjson.decode(raw)
local before = raw
if step.status ~= 'succeeded' then
  step.status = 'running'
  step.attempts = step.attempts + 1
  step.startedAt = ARGV[2]
  step.error = nil
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(step))
  local status = redis.call('HGET', KEYS[1], 'status')
  if status == 'queued' then redis.call('HSET', KEYS[1], 'status', 'running') end
  redis.call('HSET', KEYS[1], 'updatedAt', ARGV[2])
end
return before
