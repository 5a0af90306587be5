import type { DeviceCommand, DeviceCommandOutcome } from '../device-command.model';
import { isSuccessCode } from '../device-command.model';
import { DeviceCommandRepository } from '../device-command.repository';
import type { DeviceInventory, ManagedDevice, UnenrollmentReason } from '../managed-device.model';
import { ManagedDeviceRepository } from '../managed-device.repository';

/** In-memory managed devices with the Redis repository's once-only unenrollment. */
export class FakeManagedDevices extends ManagedDeviceRepository {
  readonly devices = new Map<string, ManagedDevice>();
  markCalls = 0;

  async get(deviceObjectId: string) {
    return structuredClone(this.devices.get(deviceObjectId) ?? null);
  }
  async checkIn(deviceObjectId: string, mdmDeviceId: string, at: Date, sessionStarted: boolean) {
    const device = this.record(deviceObjectId, mdmDeviceId);
    device.lastCheckInAt = at.toISOString();
    if (sessionStarted) device.sessions++;
  }
  async recordInventory(deviceObjectId: string, inventory: DeviceInventory, at: Date) {
    const device = this.record(deviceObjectId);
    device.inventory = { ...device.inventory, ...inventory };
    device.inventoryAt = at.toISOString();
  }
  async requestUnenrollment(deviceObjectId: string, at: Date) {
    this.record(deviceObjectId).unenrollRequestedAt = at.toISOString();
  }
  async markUnenrolled(deviceObjectId: string, reason: UnenrollmentReason, at: Date) {
    this.markCalls++;
    const device = this.record(deviceObjectId);
    if (device.unenrolledAt) return false;
    Object.assign(device, { unenrolledAt: at.toISOString(), unenrollReason: reason });
    return true;
  }
  async clientNonce() {
    return null;
  }
  async setClientNonce() {
    return undefined;
  }

  private record(deviceObjectId: string, mdmDeviceId = 'unknown'): ManagedDevice {
    const device = this.devices.get(deviceObjectId) ?? { deviceObjectId, mdmDeviceId, sessions: 0 };
    this.devices.set(deviceObjectId, device);
    return device;
  }
}

/** In-memory device commands: the first outcome of a command wins, as in the Redis repository. */
export class FakeDeviceCommands extends DeviceCommandRepository {
  readonly commands = new Map<string, DeviceCommand>();

  async add(command: DeviceCommand) {
    if (!this.commands.has(command.id)) this.commands.set(command.id, structuredClone(command));
    return structuredClone(this.commands.get(command.id)!);
  }
  async get(deviceObjectId: string, commandId: string) {
    const command = this.commands.get(commandId);
    return command?.deviceObjectId === deviceObjectId ? structuredClone(command) : null;
  }
  async list(deviceObjectId: string) {
    return [...this.commands.values()].filter((command) => command.deviceObjectId === deviceObjectId).map((command) => structuredClone(command));
  }
  async due() {
    return { due: [], expired: [] };
  }
  async markSent() {
    return undefined;
  }
  async complete(_deviceObjectId: string, outcome: DeviceCommandOutcome, at: Date) {
    const command = this.commands.get(outcome.commandId);
    if (!command || ['succeeded', 'failed', 'expired'].includes(command.status)) return false;
    Object.assign(command, {
      status: isSuccessCode(outcome.statusCode) ? 'succeeded' : 'failed',
      statusCode: outcome.statusCode,
      completedAt: at.toISOString(),
      ...(outcome.results && { results: outcome.results }),
    });
    return true;
  }
}
