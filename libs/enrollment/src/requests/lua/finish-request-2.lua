--[[
  Writes a request's final state, once (later calls leave the first outcome), and frees its subject if
  the request is still the one in flight for it (when the caller names the subject).

    Input:
      KEYS[1] the request (hash)
      KEYS[2] the subject's in-flight request id; KEYS[1] again when no subject is named, then left alone

      ARGV[1] request id
      ARGV[2..] fields to set, name then value

    Output:
      1 if the request is finished now, 0 if it is unknown or was already finished
]]
local status = redis.call('HGET', KEYS[1], 'status')
if status == false or status == 'succeeded' or status == 'failed' then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if KEYS[2] ~= KEYS[1] and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
