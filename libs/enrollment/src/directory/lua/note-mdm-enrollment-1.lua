--[[
  Tells a device object its MDM enrollment (so directory filters can use its type): a device object
  that names an enrollment already keeps it unless told to replace it, and one that does not exist is
  left alone.

    Input:
      KEYS[1] the device object

      ARGV[1] the enrollment id
      ARGV[2] the enrollment type
      ARGV[3] '1' to replace an enrollment the device object names already

    Output:
      1 when the device object was told now, else 0
]]
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local device = cjson.decode(raw)
if device.mdmEnrollmentId == ARGV[1] or (device.mdmEnrollmentId and ARGV[3] ~= '1') then return 0 end
device.enrollmentType = ARGV[2]
device.mdmEnrollmentId = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(device))
return 1
