--[[
  Counts one step duration: one field for the first bucket it fits (`|n<i>`; none past the last bound),
  plus count and sum, three writes whatever the number of buckets. Reads add them up into Prometheus'
  cumulative form.

    Input:
      KEYS[1] step durations (hash: `<flow>|<step>|<outcome>|<part>` → value)

      ARGV[1] series (`<flow>|<step>|<outcome>`)
      ARGV[2] duration (seconds)
      ARGV[3] index of the first bucket it fits, '' when past the last bound

    Output:
      1
]]
local series = ARGV[1]
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[1], series .. '|n' .. ARGV[3], 1) end
redis.call('HINCRBY', KEYS[1], series .. '|count', 1)
redis.call('HINCRBYFLOAT', KEYS[1], series .. '|sum', ARGV[2])
return 1
