--[[
  Counts one request of a client in its window; the first one sets the window's expiry.

    Input:
      KEYS[1] the client's counter for the window

      ARGV[1] how long the counter is kept (ms)

    Output:
      the number of requests counted in the window, this one included
]]
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
