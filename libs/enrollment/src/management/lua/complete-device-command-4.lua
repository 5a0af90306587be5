--[[
  Records a device's answer to one of its commands. The first answer wins: a command already answered,
  or expired before its answer came, is left as it is.

    Input:
      KEYS[1] the device's commands (hash: id → JSON)
      KEYS[2] the device's command order (zset by position)
      KEYS[3] the device's open commands (zset by position)
      KEYS[4] the device's finished commands (zset by completion time)

      ARGV[1] command id
      ARGV[2] new status (succeeded or failed)
      ARGV[3] the device's status code
      ARGV[4] the device's results (JSON array), '' when it sent none
      ARGV[5] completion time (ISO 8601)
      ARGV[6] completion time (ms)
      ARGV[7] finished commands completed before this time (ms) are forgotten
      ARGV[8] how many finished commands are kept at most
      ARGV[9] how long the device's commands are kept at least from now (ms)

    Output:
      1 when recorded, 0 when the command is unknown or was finished already
]]
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return 0
end
local command = cjson.decode(raw)
command.status = ARGV[2]
command.statusCode = ARGV[3]
command.completedAt = ARGV[5]
if ARGV[4] ~= '' then command.results = cjson.decode(ARGV[4]) end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(command))
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])

local function forget(ids)
  if #ids == 0 then return end
  redis.call('HDEL', KEYS[1], unpack(ids))
  redis.call('ZREM', KEYS[2], unpack(ids))
  redis.call('ZREM', KEYS[4], unpack(ids))
end
forget(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[7], 'LIMIT', 0, 100))
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[8])
if excess > 0 then forget(redis.call('ZRANGE', KEYS[4], 0, math.min(excess, 100) - 1)) end

local ttl = tonumber(ARGV[9])
local current = redis.call('PTTL', KEYS[1])
if current > ttl then ttl = current end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
return 1
