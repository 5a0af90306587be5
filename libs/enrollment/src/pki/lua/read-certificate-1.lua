--[[
  Reads a certificate record in whichever form it was stored: a hash (the DER and the record's other
  fields), or a JSON string with the PEM, as records were stored before certificates were kept as DER.

    Input:
      KEYS[1] the certificate

    Output:
      the hash's fields and values (flat array), the JSON string, or false when there is no such key
]]
local kind = redis.call('TYPE', KEYS[1]).ok
if kind == 'hash' then return redis.call('HGETALL', KEYS[1]) end
if kind == 'string' then return redis.call('GET', KEYS[1]) end
return false
