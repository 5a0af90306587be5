--[[
  Rewrites a finished request in its compact form: a succeeded step becomes 'attempts|startedAt|finishedAt'
  (its name is in its field, its status implied), and the field naming the subject it held in flight goes.
  Redis keeps a small hash as a listpack only while every value is at most hash-max-listpack-value (64)
  bytes; a running step's JSON is longer, so the hash has become a hash table, and only writing it anew
  makes it a listpack again (about a third of the memory). Its time to live is kept.

    Input:
      KEYS[1] the request (hash)

      ARGV[1] what the fields of steps start with, e.g. 'step:'
      ARGV[2] the field naming the request's in-flight subject

    Output:
      1 if the request was rewritten, 0 if it is unknown or not finished
]]
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'succeeded' and status ~= 'failed' then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
local fields = redis.call('HGETALL', KEYS[1])
local kept = {}
for i = 1, #fields, 2 do
  local name, value = fields[i], fields[i + 1]
  if name ~= ARGV[2] then
    if string.sub(name, 1, #ARGV[1]) == ARGV[1] and string.sub(value, 1, 1) == '{' then
      local step = cjson.decode(value)
      if step.status == 'succeeded' then
        value = step.attempts .. '|' .. (step.startedAt or '') .. '|' .. (step.finishedAt or '')
      end
    end
    kept[#kept + 1] = name
    kept[#kept + 1] = value
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(kept))
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
