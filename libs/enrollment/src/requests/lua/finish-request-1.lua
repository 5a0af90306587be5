--[[
  Writes a request's final state, once: later calls leave the first outcome. (finish-request-2.lua
  also frees the request's subject.)

    Input:
      KEYS[1] the request (hash)

      ARGV[1] request id
      ARGV[2..] fields to set, name then value

    Output:
      1 if the request is finished now, 0 if it is unknown or was already finished
]]
local status = redis.call('HGET', KEYS[1], 'status')
if status == false or status == 'succeeded' or status == 'failed' then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
