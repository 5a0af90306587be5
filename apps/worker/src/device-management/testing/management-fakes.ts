import type { Logger } from 'winston';
import {
  DeviceCommand,
  DeviceCommandOutcome,
  DeviceCommandRepository,
  DeviceInventory,
  DeviceObject,
  DeviceRepository,
  DiagnosticEvent,
  EventRecorder,
  EventRepository,
  EventTail,
  isSuccessCode,
  LoggedEvent,
  ManagedDevice,
  ManagedDeviceRepository,
  NewEvent,
  PkiService,
  RedisBatch,
  UnenrollmentReason,
} from '@app/enrollment';
import { ActivityJournal } from '../activity-journal';

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
  async get(_deviceObjectId: string, commandId: string) {
    return structuredClone(this.commands.get(commandId) ?? null);
  }
  async list() {
    return [...this.commands.values()].map((command) => structuredClone(command));
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

/** In-memory events, filed per activity as the Redis repository files them per request. */
export class FakeEvents extends EventRepository {
  readonly all: DiagnosticEvent[] = [];

  async append(event: NewEvent) {
    const stored = { ...event, eventRecordId: this.all.length + 1 };
    this.all.push(stored);
    return stored;
  }
  queueAppend(_batch: RedisBatch, event: NewEvent) {
    return this.append(event);
  }
  async byRequest(requestId: string) {
    return this.all.filter((event) => event.activityId === requestId);
  }
  async byDevice(deviceObjectId: string) {
    return this.all.filter((event) => event.deviceObjectId === deviceObjectId);
  }
  async recent(): Promise<DiagnosticEvent[]> {
    throw new Error('not used');
  }
  async lastPosition(): Promise<string> {
    throw new Error('not used');
  }
  async between(): Promise<LoggedEvent[]> {
    throw new Error('not used');
  }
  tail(): EventTail {
    throw new Error('not used');
  }

  /** The symbols written, in order; `activityId` narrows them to one activity. */
  symbols(activityId?: string): string[] {
    return this.all.filter((event) => activityId === undefined || event.activityId === activityId).map((event) => event.symbol);
  }
}

/** The directory's device objects: get and an idempotent remove, as the unenrollment uses them. */
export class FakeDevices {
  readonly objects = new Map<string, DeviceObject>();
  removeCalls = 0;

  async get(id: string) {
    return structuredClone(this.objects.get(id) ?? null);
  }
  async remove(id: string, at: Date) {
    this.removeCalls++;
    const device = this.objects.get(id);
    if (device?.status === 'active') Object.assign(device, { status: 'removed', removedAt: at.toISOString() });
    return structuredClone(device ?? null);
  }
  asRepository(): DeviceRepository {
    return this as unknown as DeviceRepository;
  }
}

/** The CA's revocations: each serial revoked once, each call re-signs the CRL. */
export class FakePki {
  readonly revoked = new Set<string>();
  crlSignings = 0;

  async revoke(serialHex: string) {
    this.revoked.add(serialHex);
    this.crlSignings++;
  }
  asService(): PkiService {
    return this as unknown as PkiService;
  }
}

const SILENT = { isLevelEnabled: () => false, log: () => undefined } as unknown as Logger;

/** A journal over in-memory events and device objects. */
export function fakeJournal(events: FakeEvents, devices: FakeDevices): ActivityJournal {
  return new ActivityJournal(events, new EventRecorder(events, SILENT), devices.asRepository());
}

/** A device object as enrollment leaves it: active, holding its certificate. */
export function deviceObject(id: string, serialNumber: string, displayName = 'CONTOSO-0042'): DeviceObject {
  return {
    id,
    trustType: 'AzureAd',
    status: 'active',
    deviceId: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a',
    displayName,
    osVersion: '10.0.19045',
    certificate: { serialNumber, thumbprint: 'ab'.repeat(20), notAfter: '2030-01-01T00:00:00.000Z' },
    requestId: '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817060',
    registeredAt: '2025-01-01T00:00:00.000Z',
  };
}

/** Makes `target[method]` fail once (a crash half-way), then behave as before. */
export function failOnce<T extends object>(target: T, method: keyof T & string): void {
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let failed = false;
  Object.assign(target, {
    [method]: (...args: unknown[]) => {
      if (failed) return original(...args);
      failed = true;
      return Promise.reject(new Error(`${method} interrupted`));
    },
  });
}
