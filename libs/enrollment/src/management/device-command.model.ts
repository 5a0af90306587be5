/** A command an administrator (or the service itself) queued for a device's next OMA-DM session. */

export const DEVICE_COMMAND_VERBS = ['Get', 'Add', 'Replace', 'Delete', 'Exec'] as const;
export type DeviceCommandVerb = (typeof DEVICE_COMMAND_VERBS)[number];

/**
 * `pending`: not yet sent; `sent`: delivered, no Status back yet (delivered again at the next session);
 * `succeeded` / `failed`: the device's Status (2xx / anything else); `expired`: not answered within its time to live.
 */
export type DeviceCommandStatus = 'pending' | 'sent' | 'succeeded' | 'failed' | 'expired';

/** Who queued a command: an administrator, or the service (inventory at the first session, unenrollment). */
export type DeviceCommandOrigin = 'admin' | 'inventory' | 'unenroll';

/** One `Item` of the device's `Results` for a `Get`. */
export interface DeviceCommandResult {
  source: string;
  format?: string;
  type?: string;
  data?: string;
  /** The device sent more than the service keeps (64 KiB): `data` is its beginning. */
  truncated?: true;
}

export interface DeviceCommand {
  id: string;
  deviceObjectId: string;
  verb: DeviceCommandVerb;
  /** The LocURI the command acts on, e.g. `./Device/Vendor/MSFT/Reboot/RebootNow`. */
  target: string;
  data?: string;
  /** `Meta/Format` of the item (`chr`, `int`, `bool`, `xml`, `b64`, `node`). */
  format?: string;
  /** `Meta/Type` of the item (a MIME type such as `text/plain`). */
  type?: string;
  origin: DeviceCommandOrigin;
  status: DeviceCommandStatus;
  createdAt: string;
  /** Not answered by then: `expired`. */
  expiresAt: string;
  /** How many times it went out in a session (at least once delivery). */
  deliveries: number;
  sentAt?: string;
  completedAt?: string;
  /** Windows' SyncML status code for the command (`200`, `404`, `405`, `500`, ...). */
  statusCode?: string;
  results?: DeviceCommandResult[];
}

/** What a device answered to one command: its Status code and, for a Get, its Results. */
export interface DeviceCommandOutcome {
  commandId: string;
  statusCode: string;
  results?: DeviceCommandResult[];
}

/** A SyncML status code that means the command did what it was asked (2xx). */
export function isSuccessCode(statusCode: string): boolean {
  return /^2\d\d$/.test(statusCode);
}
