--[[
  Fails a request whose job was never queued, and frees its subject if the request is still the one in
  flight for it. The caller reads the request's in-flight subject first and passes that subject's key;
  if the subject is not the one read, the caller reads it again.

    Input:
      KEYS[1] the request (hash)
      KEYS[2] unconfirmed requests (zset)
      KEYS[3] the in-flight request id of the subject read (KEYS[1] again when none was read; then untouched)

      ARGV[1] request id
      ARGV[2] the request's in-flight subject when the caller read it, '' when none
      ARGV[3..] fields to set, name then value

    Output:
      1 if the request was still queued and is now failed, 0 otherwise
      -1 when the request's subject is not the one read: read it again
]]
local status = redis.call('HGET', KEYS[1], 'status')
local subject = redis.call('HGET', KEYS[1], 'inFlightSubject') or ''
if status == 'queued' and subject ~= ARGV[2] then return -1 end
redis.call('ZREM', KEYS[2], ARGV[1])
if status ~= 'queued' then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if subject ~= '' and redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
return 1
