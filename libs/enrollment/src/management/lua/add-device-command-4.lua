--[[
  Queues a command at the end of its device's list, once per command id.

    Input:
      KEYS[1] the device's commands (hash: id → JSON)
      KEYS[2] the device's command order (zset by position)
      KEYS[3] the device's open commands (zset by position)
      KEYS[4] the device's finished commands (zset by completion time)

      ARGV[1] command id
      ARGV[2] command (JSON)
      ARGV[3] how long the device's commands are kept at least from now (ms): the command's time to
              live and the retention after it

    Output:
      the command stored under that id (JSON): this one, or the one queued first
]]
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return existing end

-- Positions only grow: the newest command kept is never forgotten before an older one.
local last = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local position = 1
if last[2] then position = tonumber(last[2]) + 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], position, ARGV[1])
redis.call('ZADD', KEYS[3], position, ARGV[1])

-- The device's keys share one expiry, the furthest any of its commands needs.
local ttl = tonumber(ARGV[3])
local current = redis.call('PTTL', KEYS[1])
if current > ttl then ttl = current end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('PEXPIRE', KEYS[4], ttl)
return ARGV[2]
