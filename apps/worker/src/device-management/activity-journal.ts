import { Injectable } from '@nestjs/common';
import { DeviceObject, DeviceRepository, EventDataValue, EventDefinition, EventRecorder, EventRepository } from '@app/enrollment';

/** The device an activity's events are about, as Event Viewer names it. */
export interface ActivitySubject {
  deviceObjectId: string;
  computer: string;
}

/** Tells two events of an activity apart: the definition, and for an event per command, the command. */
const eventKey = (symbol: string, commandId: string | undefined): string => (commandId === undefined ? symbol : `${symbol}|${commandId}`);

/**
 * The events of one activity, each written at most once: a retried job finds what its earlier run wrote
 * (the activity's stored events are its checkpoint) and does not write it again.
 */
export class ActivityEvents {
  constructor(
    private readonly recorder: EventRecorder,
    private readonly activityId: string,
    private readonly subject: ActivitySubject,
    private readonly written: Set<string>,
  ) {}

  /** Whether the activity has this event already (for an event per command, for this `commandId`). */
  has(definition: EventDefinition, commandId?: string): boolean {
    return this.written.has(eventKey(definition.symbol, commandId));
  }

  /** Writes the event unless the activity has it; a `CommandId` in `data` makes it one event per command. */
  async recordOnce(definition: EventDefinition, data: Record<string, EventDataValue>): Promise<boolean> {
    const commandId = typeof data.CommandId === 'string' ? data.CommandId : undefined;
    if (this.has(definition, commandId)) return false;
    await this.recorder.record(definition, { activityId: this.activityId, computer: this.subject.computer, deviceObjectId: this.subject.deviceObjectId, data });
    this.written.add(eventKey(definition.symbol, commandId));
    return true;
  }
}

/** Opens an activity's events for writing each at most once; filed under the device, so its timeline shows them. */
@Injectable()
export class ActivityJournal {
  constructor(
    private readonly events: EventRepository,
    private readonly recorder: EventRecorder,
    private readonly devices: DeviceRepository,
  ) {}

  async open(activityId: string, subject: ActivitySubject): Promise<ActivityEvents> {
    const stored = await this.events.byRequest(activityId);
    return new ActivityEvents(this.recorder, activityId, subject, new Set(stored.map((event) => eventKey(event.symbol, event.data.CommandId))));
  }

  /** The device object and the subject its events name: its display name, or `fallback` when it has none. */
  async subject(deviceObjectId: string, fallback: string): Promise<{ device: DeviceObject | null; subject: ActivitySubject }> {
    const device = await this.devices.get(deviceObjectId);
    return { device, subject: { deviceObjectId, computer: device?.displayName ?? fallback } };
  }
}
