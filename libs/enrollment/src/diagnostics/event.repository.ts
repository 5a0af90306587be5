import type { Logger } from 'winston';
import { duplicateNamed, type RedisClient } from '../redis/redis-connection';
import { DiagnosticEvent } from './diagnostic-event';
import { LuaScript } from '../redis/lua-script';
import appendEvent from './lua/append-event-4.lua';
import type { RedisBatch } from '../redis/redis-batch';
import { RedisKeys } from '../redis/redis-keys';
import { filedEvent, filedEventRecordId, parseFiledEvent, parseStoredEvent } from './stored-event';

export type NewEvent = Omit<DiagnosticEvent, 'eventRecordId'>;

export abstract class EventRepository {
  /**
   * Numbers the event and files it under its request, its device and the global log, in one round trip.
   * The event is kept once, in its request's list; the log and the device's list refer to it.
   */
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

export class RedisEventRepository extends EventRepository {
  private readonly appendScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly retention: EventRetention,
    private readonly logger: Logger,
  ) {
    super();
    this.appendScript = new LuaScript(redis, 'append-event-4', appendEvent);
  }

  async append(event: NewEvent): Promise<DiagnosticEvent> {
    const [script, keys, args] = this.appendCall(event);
    return { eventRecordId: await script.run(keys, args), ...event };
  }

  async queueAppend(batch: RedisBatch, event: NewEvent): Promise<DiagnosticEvent> {
    return { eventRecordId: await batch.run(...this.appendCall(event)), ...event };
  }

  /** The script that files `event`, with its keys and arguments. */
  private appendCall(event: NewEvent): [LuaScript<number>, string[], Array<string | number>] {
    const requestEvents = this.keys.requestEvents(event.activityId);
    const deviceEvents = event.deviceObjectId ? this.keys.deviceEvents(event.deviceObjectId) : requestEvents;
    return [
      this.appendScript,
      [this.keys.eventSequence, this.keys.eventStream, requestEvents, deviceEvents],
      [filedEvent(event), this.retention.perRequest, this.retention.perDevice, this.retention.global, EVENTS_TTL_SECONDS, event.activityId],
    ];
  }

  async byRequest(requestId: string): Promise<DiagnosticEvent[]> {
    return (await this.redis.lrange(this.keys.requestEvents(requestId), 0, -1)).map((entry) => parseFiledEvent(entry, requestId));
  }

  async byDevice(deviceObjectId: string): Promise<DiagnosticEvent[]> {
    const entries = await this.redis.lrange(this.keys.deviceEvents(deviceObjectId), 0, -1);
    // Lists written before events were kept once hold the events themselves.
    const copies = entries.filter((entry) => entry.startsWith('{')).map(parseStoredEvent);
    const requestIds = [...new Set(entries.filter((entry) => !entry.startsWith('{')))];
    // One auto-pipelined round trip for all the requests.
    const lists = await Promise.all(requestIds.map((requestId) => this.redis.lrange(this.keys.requestEvents(requestId), 0, -1)));
    const events = lists
      .flatMap((list, index) => list.map((entry) => parseFiledEvent(entry, requestIds[index])))
      .filter((event) => event.deviceObjectId === deviceObjectId);
    return [...copies, ...events].sort((a, b) => a.eventRecordId - b.eventRecordId).slice(-this.retention.perDevice);
  }

  async lastPosition(): Promise<string> {
    return (await this.redis.xrevrange(this.keys.eventStream, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  }

  async between(after: string, through: string, count: number): Promise<LoggedEvent[]> {
    const events: LoggedEvent[] = [];
    // Entries whose events are gone are passed over, so a page short of `count` still means the range has ended.
    for (let from = after; events.length < count;) {
      const wanted = count - events.length;
      const entries = await this.redis.xrange(this.keys.eventStream, `(${from}`, through, 'COUNT', wanted);
      events.push(...(await this.resolve(entries)));
      if (entries.length < wanted) break;
      from = entries[entries.length - 1][0];
    }
    return events;
  }

  tail(): EventTail {
    // XREAD BLOCK holds its connection: it cannot share the one every other command is pipelined on.
    const client = duplicateNamed(this.redis, `${this.keys.root}:event-feed`, this.logger);
    const stream = this.keys.eventStream;
    return {
      after: async (position, count, blockMs) => {
        // Entries whose events are gone are passed over: [] means that no event came within blockMs.
        for (let from = position; ;) {
          const reply = await client.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', stream, from);
          const entries = reply?.[0]?.[1] ?? [];
          const events = await this.resolve(entries);
          if (events.length > 0 || entries.length === 0) return events;
          from = entries[entries.length - 1][0];
        }
      },
      // On a client that has already ended, disconnect() would arm a timer that holds the process open.
      close: () => {
        if (client.status !== 'end') client.disconnect();
      },
    };
  }

  async recent(limit: number): Promise<DiagnosticEvent[]> {
    const entries = await this.redis.xrevrange(this.keys.eventStream, '+', '-', 'COUNT', limit);
    return (await this.resolve(entries.reverse())).map((logged) => logged.event);
  }

  /**
   * The events the log's entries refer to, looked up in their requests' lists (one auto-pipelined
   * round trip for all of them). An entry written before events were kept once holds the event itself.
   * An event its request no longer keeps (beyond `perRequest`, or expired) is left out: the log
   * outlives it only for a request of more than `perRequest` events, or after 30 days without events.
   */
  private async resolve(entries: StreamEntry[]): Promise<LoggedEvent[]> {
    const requestIds = [...new Set(entries.flatMap(([, fields]) => (fields[0] === 'r' ? [fields[1]] : [])))];
    const lists = await Promise.all(requestIds.map((requestId) => this.redis.lrange(this.keys.requestEvents(requestId), 0, -1)));
    const filed = new Map(requestIds.map((requestId, index) => [requestId, new Map(lists[index].map((entry) => [filedEventRecordId(entry), entry]))]));
    return entries.flatMap(([position, fields]): LoggedEvent[] => {
      if (fields[0] !== 'r') return [{ position, event: parseStoredEvent(fields[1]) }];
      const entry = filed.get(fields[1])?.get(Number(fields[3]));
      return entry ? [{ position, event: parseFiledEvent(entry, fields[1]) }] : [];
    });
  }
}
