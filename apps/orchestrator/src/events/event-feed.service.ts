import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'winston';
import { comparePositions, EventRepository, EventTail, LoggedEvent, LOGGER } from '@app/enrollment';

/** How long one XREAD waits; a read is also how soon a dead connection is noticed. */
const BLOCK_MS = 5000;
/** Events per read, from the tail and from the backlog alike. */
const PAGE = 500;
/** Live events held for one subscriber while it reads its backlog; beyond this it is ended, and resumes. */
const MAX_HELD = 10_000;

/** What a stream does with the feed's events. The feed never waits on it for live events. */
export interface FeedSubscriber {
  /** Takes events in log order, each once; must not block. */
  deliver(events: LoggedEvent[]): void;
  /** Resolves when the subscriber can take more; only its backlog waits for this. */
  writable(): Promise<void>;
  /** The feed cannot go on (Redis failed, or shutdown): end, and let the client resume with Last-Event-ID. */
  end(): void;
}

export interface FeedSubscription {
  /** Resolves once the backlog is delivered and live events flow; rejects if the log could not be read. */
  readonly live: Promise<void>;
  close(): void;
}

/**
 * The global event log, live, for every event stream of this process from ONE blocking connection:
 * opened for the first subscriber, closed after the last, each event read once and handed to all.
 *
 * A subscriber resuming from an earlier position joins the live fan-out at once (holding what comes),
 * reads what it missed up to where the reader stood when it joined, then takes what it held: every
 * event after its position once, none skipped at the boundary.
 */
@Injectable()
export class EventFeed implements OnApplicationShutdown {
  private reader?: Reader;
  private closed = false;

  constructor(
    private readonly events: EventRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Delivers to `subscriber` every event after `afterPosition`, or from now on without one. */
  subscribe(subscriber: FeedSubscriber, afterPosition?: string): FeedSubscription {
    if (this.closed) return { live: Promise.reject(new Error('the event feed is closed')), close: () => undefined };
    const reader = (this.reader ??= new Reader(this.events, this.logger, (stopped) => {
      if (this.reader === stopped) this.reader = undefined;
    }));
    const member = new Member(subscriber);
    reader.add(member);
    const live = this.catchUp(reader, member, afterPosition).catch((error: unknown) => {
      reader.remove(member);
      throw error;
    });
    return { live, close: () => reader.remove(member) };
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.reader?.endAll();
  }

  private async catchUp(reader: Reader, member: Member, afterPosition?: string): Promise<void> {
    const joinedAt = await reader.joined(member);
    member.position = afterPosition ?? (await this.events.lastPosition());
    while (!member.closed && comparePositions(member.position, joinedAt) < 0) {
      const page = await this.events.between(member.position, joinedAt, PAGE);
      if (!member.deliver(page)) {
        reader.drop(member, 'its stream failed');
        return;
      }
      if (page.length < PAGE) break;
      await member.subscriber.writable();
    }
    if (!member.goLive()) reader.drop(member, 'its stream failed');
  }
}

/** One subscriber's place in the log. */
class Member {
  /** Where the reader stood when the member joined: every later event reaches it live. */
  joinedAt?: string;
  /** The last position delivered (or skipped as before the start); undefined until the start is known. */
  position?: string;
  /** Live events that came while the backlog was read; undefined once live. */
  held?: LoggedEvent[] = [];
  closed = false;

  constructor(readonly subscriber: FeedSubscriber) {}

  /** Why the subscriber cannot be kept, if it cannot. */
  offer(events: LoggedEvent[]): string | undefined {
    if (!this.held) return this.deliver(events) ? undefined : 'its stream failed';
    this.held.push(...events);
    return this.held.length <= MAX_HELD ? undefined : `more than ${MAX_HELD} live events came while it read its backlog`;
  }

  /** Hands on the events after the member's position; false if the subscriber threw. */
  deliver(events: LoggedEvent[]): boolean {
    const position = this.position;
    const fresh = position === undefined ? events : events.filter((entry) => comparePositions(entry.position, position) > 0);
    if (this.closed || fresh.length === 0) return true;
    this.position = fresh[fresh.length - 1].position;
    try {
      this.subscriber.deliver(fresh);
      return true;
    } catch {
      return false;
    }
  }

  goLive(): boolean {
    const held = this.held ?? [];
    this.held = undefined;
    return this.deliver(held);
  }
}

/** One blocking reader of the log, from its first member to its last. */
class Reader {
  readonly members = new Set<Member>();
  /** Where the reader stands: every event after it is yet to be handed to the members. */
  private position?: string;
  private readonly started: Promise<void>;
  private tail?: EventTail;
  private stopped = false;

  constructor(
    private readonly events: EventRepository,
    private readonly logger: Logger,
    private readonly onStop: (reader: Reader) => void,
  ) {
    this.started = this.start();
    // Every member awaits this; a start that fails is theirs to report.
    this.started.catch(() => undefined);
  }

  add(member: Member): void {
    this.members.add(member);
    member.joinedAt = this.position;
  }

  /** Where the reader stood when `member` joined, once the reader knows where it starts. */
  async joined(member: Member): Promise<string> {
    await this.started;
    return member.joinedAt!;
  }

  remove(member: Member): void {
    member.closed = true;
    this.members.delete(member);
    if (this.members.size === 0) this.stop();
  }

  /** Ends a member's stream; its client resumes from what it received. */
  drop(member: Member, reason?: string): void {
    if (reason) this.logger.warn('event stream dropped', { reason });
    if (!member.closed) member.subscriber.end();
    this.remove(member);
  }

  endAll(): void {
    for (const member of this.members) this.drop(member);
    this.stop();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.tail?.close();
    this.onStop(this);
  }

  private async start(): Promise<void> {
    this.position = await this.events.lastPosition();
    for (const member of this.members) member.joinedAt ??= this.position;
    if (!this.stopped) void this.read();
  }

  private async read(): Promise<void> {
    const tail = (this.tail = this.events.tail());
    while (!this.stopped) {
      let batch: LoggedEvent[];
      try {
        batch = await tail.after(this.position!, PAGE, BLOCK_MS);
      } catch (error) {
        // Closing the connection under a blocked read rejects it: that is how a reader stops.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets it while the read awaits
        if (this.stopped) return;
        this.logger.warn('event feed stopped: its streams end, and resume when their clients reconnect', { reason: (error as Error).message });
        this.endAll();
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets it while the read awaits
      if (this.stopped || batch.length === 0) continue;
      this.position = batch[batch.length - 1].position;
      for (const member of this.members) {
        const unkept = member.offer(batch);
        if (unkept) this.drop(member, unkept);
      }
    }
  }
}
