import type { Logger } from 'winston';
import { duplicateNamed, type RedisClient } from '../redis/redis-connection';
import { DiagnosticEvent } from './diagnostic-event';
import { LuaScript } from '../redis/lua-script';
import appendDeviceEvent from './lua/append-device-event-4.lua';
import appendEvent from './lua/append-event-3.lua';
import type { RedisBatch } from '../redis/redis-batch';
import { RedisKeys } from '../redis/redis-keys';
import { parseStoredEvent, storedEvent } from './stored-event';

export type NewEvent = Omit<DiagnosticEvent, 'eventRecordId'>;

export abstract class EventRepository {
  /** Numbers the event and files it (in its stored form) under its request, its device and the global log, in one round trip. */
  abstract append(event: NewEvent): Promise<DiagnosticEvent>;
  /** `append`, sent with `batch`: events of one batch are numbered in the order they were added. */
  abstract queueAppend(batch: RedisBatch, event: NewEvent): Promise<DiagnosticEvent>;
  abstract byRequest(requestId: string): Promise<DiagnosticEvent[]>;
  /** A device's timeline: the events of its requests (kept 30 days after a request's last), the newest `perDevice`. */
  abstract byDevice(deviceObjectId: string): Promise<DiagnosticEvent[]>;
  /** The newest `limit` events of the global log, oldest first. */
  abstract recent(limit: number): Promise<DiagnosticEvent[]>;
  /** The position of the newest event of the global log, '0-0' while it is empty. */
  abstract lastPosition(): Promise<string>;
  /** Up to `count` events of the global log after `after` and up to `through` (inclusive), oldest first; never blocks. */
  abstract between(after: string, through: string, count: number): Promise<LoggedEvent[]>;
  /** A reader that waits for new events of the global log; it holds a connection of its own until closed. */
  abstract tail(): EventTail;
}

/** An event of the global log and its position there (see event-position.ts). */
export interface LoggedEvent {
  position: string;
  event: DiagnosticEvent;
}

export interface EventTail {
  /** Up to `count` events after `position`, waiting up to `blockMs` for the first; [] if none came. */
  after(position: string, count: number, blockMs: number): Promise<LoggedEvent[]>;
  close(): void;
}

export interface EventRetention {
  perRequest: number;
  perDevice: number;
  global: number;
}

/** How long a request's events (and so a device's timeline) are kept after the last one. */
const EVENTS_TTL_SECONDS = 30 * 24 * 3600;

type StreamEntry = [position: string, fields: string[]];
const loggedEvent = ([position, fields]: StreamEntry): LoggedEvent => ({ position, event: parseStoredEvent(fields[1]) });

export class RedisEventRepository extends EventRepository {
  private readonly appendScript: LuaScript<number>;
  private readonly appendDeviceEventScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly retention: EventRetention,
    private readonly logger: Logger,
  ) {
    super();
    this.appendScript = new LuaScript(redis, 'append-event-3', appendEvent);
    this.appendDeviceEventScript = new LuaScript(redis, 'append-device-event-4', appendDeviceEvent);
  }

  async append(event: NewEvent): Promise<DiagnosticEvent> {
    const [script, keys, args] = this.appendCall(event);
    return { eventRecordId: await script.run(keys, args), ...event };
  }

  async queueAppend(batch: RedisBatch, event: NewEvent): Promise<DiagnosticEvent> {
    return { eventRecordId: await batch.run(...this.appendCall(event)), ...event };
  }

  private appendCall(event: NewEvent): [LuaScript<number>, string[], Array<string | number>] {
    const keys = [this.keys.eventSequence, this.keys.eventStream, this.keys.requestEvents(event.activityId)];
    if (event.deviceObjectId) keys.push(this.keys.deviceEvents(event.deviceObjectId));
    const script = event.deviceObjectId ? this.appendDeviceEventScript : this.appendScript;
    return [
      script,
      keys,
      [JSON.stringify(storedEvent(event)), this.retention.perRequest, this.retention.perDevice, this.retention.global, EVENTS_TTL_SECONDS, event.activityId],
    ];
  }

  async byRequest(requestId: string): Promise<DiagnosticEvent[]> {
    return (await this.redis.lrange(this.keys.requestEvents(requestId), 0, -1)).map(parseStoredEvent);
  }

  async byDevice(deviceObjectId: string): Promise<DiagnosticEvent[]> {
    const entries = await this.redis.lrange(this.keys.deviceEvents(deviceObjectId), 0, -1);
    // Lists written before events were kept once hold the events themselves.
    const copies = entries.filter((entry) => entry.startsWith('{')).map(parseStoredEvent);
    const requestIds = [...new Set(entries.filter((entry) => !entry.startsWith('{')))];
    // One auto-pipelined round trip for all the requests.
    const lists = await Promise.all(requestIds.map((requestId) => this.redis.lrange(this.keys.requestEvents(requestId), 0, -1)));
    const events = lists.flat().map(parseStoredEvent).filter((event) => event.deviceObjectId === deviceObjectId);
    return [...copies, ...events].sort((a, b) => a.eventRecordId - b.eventRecordId).slice(-this.retention.perDevice);
  }

  async lastPosition(): Promise<string> {
    return (await this.redis.xrevrange(this.keys.eventStream, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  }

  async between(after: string, through: string, count: number): Promise<LoggedEvent[]> {
    return (await this.redis.xrange(this.keys.eventStream, `(${after}`, through, 'COUNT', count)).map(loggedEvent);
  }

  tail(): EventTail {
    // XREAD BLOCK holds its connection: it cannot share the one every other command is pipelined on.
    const client = duplicateNamed(this.redis, `${this.keys.root}:event-feed`, this.logger);
    const stream = this.keys.eventStream;
    return {
      after: async (position, count, blockMs) => {
        const reply = (await client.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, position)) as Array<[string, StreamEntry[]]> | null;
        return (reply?.[0]?.[1] ?? []).map(loggedEvent);
      },
      // On a client that has already ended, disconnect() would arm a timer that holds the process open.
      close: () => {
        if (client.status !== 'end') client.disconnect();
      },
    };
  }

  async recent(limit: number): Promise<DiagnosticEvent[]> {
    const entries = await this.redis.xrevrange(this.keys.eventStream, '+', '-', 'COUNT', limit);
    return entries.map(([, fields]) => parseStoredEvent(fields[1])).reverse();
  }
}
