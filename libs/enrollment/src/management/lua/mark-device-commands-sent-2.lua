--[[
  Notes that commands went out in a session: status sent, one more delivery. Finished commands are
  left as they are (an answer may have come in first).

    Input:
      KEYS[1] the device's commands (hash: id → JSON)
      KEYS[2] the device's open commands (zset by position)

      ARGV[1] delivery time (ISO 8601)
      ARGV[2] ... the commands' ids

    Output:
      how many commands were marked
]]
local marked = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local raw = redis.call('ZSCORE', KEYS[2], id) and redis.call('HGET', KEYS[1], id)
  if raw then
    local command = cjson.decode(raw)
    command.status = 'sent'
    command.deliveries = (tonumber(command.deliveries) or 0) + 1
    command.sentAt = ARGV[1]
    redis.call('HSET', KEYS[1], id, cjson.encode(command))
    marked = marked + 1
  end
end
return marked
