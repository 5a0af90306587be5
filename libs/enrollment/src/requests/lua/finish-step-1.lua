--[[
  Marks a step of a request succeeded, or failed with an error.

    Input:
      KEYS[1] the request (hash)

      ARGV[1] the step's field
      ARGV[2] now (ISO 8601)
      ARGV[3] error code, '' when the step succeeded
      ARGV[4] error message

    Output:
      1, or 0 when the request has no such step
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw == false then return 0 end
-- A step in the compact form of a finished request (trim-request-1.lua) has succeeded: it stays as it is.
if string.sub(raw, 1, 1) ~= '{' then return 1 end
local step = cjson.decode(raw)
step.finishedAt = ARGV[2]
if ARGV[3] == '' then step.status = 'succeeded'; step.error = nil
else step.status = 'failed'; step.error = { code = ARGV[3], message = ARGV[4] } end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(step), 'updatedAt', ARGV[2])
return 1
