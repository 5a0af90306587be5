--[[
  Records a new request unless one is in flight for its subject (user@device), so concurrent logons
  share one. The caller reads the in-flight id first and passes the key of that request; if the
  in-flight id changed in between, the caller reads it again.

    Input:
      KEYS[1] the subject's in-flight request id
      KEYS[2] the new request (hash)
      KEYS[3] unconfirmed requests (zset by time of recording)
      KEYS[4] the request in flight when the caller read it (the new one when there was none)

      ARGV[1] new request id
      ARGV[2] how long the in-flight id is kept (seconds)
      ARGV[3] the in-flight id when the caller read it, '' when none
      ARGV[4] how long the request is kept (seconds)
      ARGV[5] time of recording (ms)
      ARGV[6..] the request's fields, name then value

    Output:
      {1, new request id}      recorded
      {0, in-flight id}        a request still open (queued or running) is in flight for the subject
      {-1, ''}                 the in-flight id changed since the caller read it: read it again
]]
local current = redis.call('GET', KEYS[1])
if current then
  if current ~= ARGV[3] then return {-1, ''} end
  -- A request that ended without freeing its subject (its job's data unreadable) no longer holds it.
  local status = redis.call('HGET', KEYS[4], 'status')
  if status == 'queued' or status == 'running' then return {0, current} end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
return {1, ARGV[1]}
