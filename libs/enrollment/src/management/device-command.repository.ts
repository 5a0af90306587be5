import type { DeviceCommand, DeviceCommandOutcome } from './device-command.model';

/**
 * A device's commands, in the order they were queued. Delivery is at least once (a command sent but
 * not answered goes out again at the next session); the outcome is recorded once per command id.
 */
export abstract class DeviceCommandRepository {
  /** Queues a command at the end of its device's list; the same id twice keeps the first. */
  abstract add(command: DeviceCommand): Promise<DeviceCommand>;
  abstract get(deviceObjectId: string, commandId: string): Promise<DeviceCommand | null>;
  /** Every command of the device, oldest first. */
  abstract list(deviceObjectId: string): Promise<DeviceCommand[]>;
  /**
   * The device's commands still to deliver (`pending`, or `sent` without an answer), oldest first, at most
   * `limit`. Those past their `expiresAt` at `now` become `expired` instead, and are returned apart.
   */
  abstract due(deviceObjectId: string, now: Date, limit: number): Promise<{ due: DeviceCommand[]; expired: DeviceCommand[] }>;
  /** Marks commands delivered at `at` (status `sent`, one more delivery); completed ones are left alone. */
  abstract markSent(deviceObjectId: string, commandIds: string[], at: Date): Promise<void>;
  /**
   * Records what the device answered: `succeeded` for a 2xx status, `failed` otherwise. The first outcome
   * of a command wins; a later one (a redelivery answered twice) returns false and changes nothing.
   */
  abstract complete(deviceObjectId: string, outcome: DeviceCommandOutcome, at: Date): Promise<boolean>;
}
