--[[
  Undoes the recording of a request whose job could not be queued, and frees its subject if the request
  is still the one in flight for it. One script, so that a request recorded for the same subject in the
  meantime keeps the subject.

    Input:
      KEYS[1] the request (hash)
      KEYS[2] unconfirmed requests (zset)
      KEYS[3] the subject's in-flight request id

      ARGV[1] request id

    Output:
      1
]]
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
return 1
