--[[
  Stores a management session's state after a message was answered, unless the state of that message
  or a later one is stored already (another orchestrator answered it first).

    Input:
      KEYS[1] the session (hash: lastMsgId, state)

      ARGV[1] the MsgID answered
      ARGV[2] the state (JSON)
      ARGV[3] time to live (seconds)

    Output:
      1 when stored, 0 when a state as recent was stored already
]]
local stored = redis.call('HGET', KEYS[1], 'lastMsgId')
if stored and tonumber(stored) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'lastMsgId', ARGV[1], 'state', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
