import { z } from 'zod';
import { AdSiteName, NetbiosName, SccmResourceId, SerialNumber, SmbiosGuid } from '../validation/field-rules';

/** At most this many devices per `POST /v1/inventory/devices`. */
export const MAX_INVENTORY_BATCH = 1000;

/**
 * One device of the Configuration Manager inventory, as imported from its CSV export. The serial number
 * follows the bulk enrollment rule so that an enrolling device finds its record; the SMBIOS GUID is kept
 * as Configuration Manager writes it.
 */
export const InventoryDeviceSchema = z
  .strictObject({
    name: NetbiosName,
    smbiosGuid: SmbiosGuid.optional(),
    serialNumber: SerialNumber.optional(),
    resourceId: SccmResourceId.optional(),
    adSite: AdSiteName.optional(),
  })
  .refine((device) => device.serialNumber !== undefined || device.smbiosGuid !== undefined, {
    error: 'needs a serialNumber or an smbiosGuid',
    path: ['serialNumber'],
  });
export type InventoryDeviceInput = z.infer<typeof InventoryDeviceSchema>;

/** An inventory record as stored and listed. */
export interface InventoryDevice extends InventoryDeviceInput {
  createdAt: string;
  updatedAt: string;
}

/** What a record is found by: its serial number, or its SMBIOS GUID when it has none (both case-insensitive). */
export function inventoryIdentity(device: Pick<InventoryDeviceInput, 'serialNumber' | 'smbiosGuid'>): string {
  return device.serialNumber !== undefined ? serialIdentity(device.serialNumber) : `guid:${device.smbiosGuid!.toUpperCase()}`;
}

export function serialIdentity(serialNumber: string): string {
  return `sn:${serialNumber.toUpperCase()}`;
}
