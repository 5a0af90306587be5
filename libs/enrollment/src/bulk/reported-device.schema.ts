import { z } from 'zod';
import { MacAddress, MdmDeviceId, NetbiosName, safeText } from '../validation/field-rules';

export const MAX_REPORTED_MAC_ADDRESSES = 16;

/**
 * What a device that enrolls by itself says about itself: the name it already carries (Windows applied
 * the package's name template), its MDM DeviceID and whether it enrolls for the device or for a user.
 */
export const ReportedDeviceSchema = z.strictObject({
  deviceName: NetbiosName,
  mdmDeviceId: MdmDeviceId,
  enrollmentScope: z.enum(['device', 'user']),
  osEdition: safeText(1, 64).optional(),
  macAddresses: z.array(MacAddress).max(MAX_REPORTED_MAC_ADDRESSES, `must have at most ${MAX_REPORTED_MAC_ADDRESSES} items`).optional(),
});
export type ReportedDevice = z.infer<typeof ReportedDeviceSchema>;
