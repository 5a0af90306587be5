import type { Logger } from 'winston';
import {
  DeviceObject,
  DeviceRepository,
  DiagnosticEvent,
  EventRecorder,
  EventRepository,
  EventTail,
  LoggedEvent,
  NewEvent,
  PkiService,
  RedisBatch,
} from '@app/enrollment';
export { FakeDeviceCommands, FakeManagedDevices } from '@app/enrollment/management/testing/management-fakes';
import { ActivityJournal } from '../activity-journal';

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
