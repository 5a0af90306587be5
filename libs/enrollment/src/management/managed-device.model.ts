/** What the management server knows of an enrolled device beyond its directory object. */

/** Inventory read from `./DevInfo` and `./DevDetail`; each field only when the device's CSP gave it. */
export interface DeviceInventory {
  /** `./DevDetail/SwV`, e.g. `10.0.19045.2965`. */
  osVersion?: string;
  /** `./DevDetail/Ext/Microsoft/OSPlatform`, e.g. `Windows 10 Enterprise`. */
  osPlatform?: string;
  /** `./DevInfo/Man`. */
  manufacturer?: string;
  /** `./DevInfo/Mod`. */
  model?: string;
  /** `./DevDetail/FwV`. */
  firmwareVersion?: string;
  /** `./DevDetail/HwV`. */
  hardwareVersion?: string;
  /** `./DevDetail/Ext/Microsoft/SMBIOSSerialNumber`. */
  serialNumber?: string;
  /** `./DevDetail/Ext/Microsoft/DeviceName`. */
  deviceName?: string;
  /** `./DevInfo/Lang`. */
  language?: string;
  /** `./DevInfo/DmV`: the DM client's version. */
  dmClientVersion?: string;
}

export type UnenrollmentReason = 'device' | 'admin' | 'forced';

export interface ManagedDevice {
  deviceObjectId: string;
  /** The MDM DeviceID the device sends as SyncHdr `Source/LocURI`; known from its first session on. */
  mdmDeviceId?: string;
  /** Last message of any session received (ISO). */
  lastCheckInAt?: string;
  /** Sessions the device opened (Alert 1201 / 1200). */
  sessions: number;
  inventory?: DeviceInventory;
  inventoryAt?: string;
  /** Unenrollment asked by an administrator, not yet acknowledged by the device. */
  unenrollRequestedAt?: string;
  unenrolledAt?: string;
  unenrollReason?: UnenrollmentReason;
}

/** Where each inventory field is read from (leaf nodes: a Get on an interior node lists children only). */
export const INVENTORY_NODES: Readonly<Record<keyof DeviceInventory, string>> = {
  manufacturer: './DevInfo/Man',
  model: './DevInfo/Mod',
  language: './DevInfo/Lang',
  dmClientVersion: './DevInfo/DmV',
  osVersion: './DevDetail/SwV',
  firmwareVersion: './DevDetail/FwV',
  hardwareVersion: './DevDetail/HwV',
  osPlatform: './DevDetail/Ext/Microsoft/OSPlatform',
  deviceName: './DevDetail/Ext/Microsoft/DeviceName',
  serialNumber: './DevDetail/Ext/Microsoft/SMBIOSSerialNumber',
};

/** The inventory fields found among LocURI → value pairs (from package 1's Replace or a Get's Results). */
export function inventoryFrom(values: Readonly<Partial<Record<string, string>>>): DeviceInventory {
  const inventory: DeviceInventory = {};
  for (const field of Object.keys(INVENTORY_NODES) as Array<keyof DeviceInventory>) {
    const value = values[INVENTORY_NODES[field]];
    if (value) inventory[field] = value;
  }
  return inventory;
}
