--[[
  A device's commands to deliver now, oldest first. Walks the open commands only (finished ones are
  never read again); those past their time to live become expired on the way, once.

    Input:
      KEYS[1] the device's commands (hash: id → JSON)
      KEYS[2] the device's command order (zset by position)
      KEYS[3] the device's open commands (zset by position)
      KEYS[4] the device's finished commands (zset by completion time)

      ARGV[1] now (ISO 8601, as the commands' expiresAt: compared as text)
      ARGV[2] now (ms)
      ARGV[3] how many commands to return at most
      ARGV[4] finished commands completed before this time (ms) are forgotten
      ARGV[5] how many finished commands are kept at most
      ARGV[6] how long the device's commands are kept at least from now (ms)

    Output:
      { { due command (JSON), ... }, { command expired now (JSON), ... } }
]]
local limit = tonumber(ARGV[3])
local due, expired = {}, {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then
    redis.call('ZREM', KEYS[3], id)
  else
    local command = cjson.decode(raw)
    if command.expiresAt <= ARGV[1] then
      command.status = 'expired'
      command.completedAt = ARGV[1]
      raw = cjson.encode(command)
      redis.call('HSET', KEYS[1], id, raw)
      redis.call('ZREM', KEYS[3], id)
      redis.call('ZADD', KEYS[4], ARGV[2], id)
      expired[#expired + 1] = raw
    elseif #due < limit then
      due[#due + 1] = raw
    end
  end
end
if #expired == 0 then return { due, expired } end

local function forget(ids)
  if #ids == 0 then return end
  redis.call('HDEL', KEYS[1], unpack(ids))
  redis.call('ZREM', KEYS[2], unpack(ids))
  redis.call('ZREM', KEYS[4], unpack(ids))
end
forget(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[4], 'LIMIT', 0, 100))
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])
if excess > 0 then forget(redis.call('ZRANGE', KEYS[4], 0, math.min(excess, 100) - 1)) end

local ttl = tonumber(ARGV[6])
local current = redis.call('PTTL', KEYS[1])
if current > ttl then ttl = current end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
return { due, expired }
