import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EnrollmentError, ErrorCode, FLOW_EVENTS, LoggedEvent, RequestRecord, RequestRepository } from '@app/enrollment';
import { EventFeed, FeedSubscription } from '../events/event-feed.service';

/** Ids of the events that end a request (each flow's completed and failed events). */
const TERMINAL_EVENT_IDS = new Set(Object.values(FLOW_EVENTS).flatMap((flow) => [flow.completed.id, flow.failed.id]));
/** A waiter reads its request again at least this often, in case the feed was cut while it waited. */
const RECHECK_MS = 1000;

/**
 * Waits for requests to finish, for protocols whose clients expect the outcome in the same HTTP answer.
 * Every waiter of this process shares one subscription to the event feed (itself one Redis connection):
 * a request's terminal event wakes its waiters, who then read the request record, which decides. The
 * subscription opens with the first waiter and stays open: reopening it per wave would cost more than
 * reading events nobody waits for.
 */
@Injectable()
export class RequestOutcomes implements OnApplicationShutdown {
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscription?: FeedSubscription;

  constructor(
    private readonly feed: EventFeed,
    private readonly requests: RequestRepository,
  ) {}

  /** The request once it has succeeded or failed, or as it stands when `timeoutMs` has passed (null if unknown). */
  async settle(requestId: string, timeoutMs: number): Promise<RequestRecord | null> {
    const deadline = Date.now() + timeoutMs;
    let wake = () => {};
    const woken = () => new Promise<void>((resolve) => (wake = resolve));
    let signal = woken();
    const wakeUp = () => wake();
    this.add(requestId, wakeUp);
    try {
      await this.listening();
      for (;;) {
        const record = await this.requests.get(requestId);
        const left = deadline - Date.now();
        if (!record || record.status === 'succeeded' || record.status === 'failed' || left <= 0) return record;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([signal, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(left, RECHECK_MS))))]);
        clearTimeout(timer);
        signal = woken();
      }
    } finally {
      this.remove(requestId, wakeUp);
    }
  }

  /**
   * `settle` for a protocol that answers in the same exchange: a failed request throws its own error (the
   * client's to read, as it would find it in the request), any other is returned as it stands.
   */
  async settleOrThrow(requestId: string, timeoutMs: number, what: string): Promise<RequestRecord | null> {
    const record = await this.settle(requestId, timeoutMs);
    if (record?.status === 'failed') {
      const error = record.error ?? { code: ErrorCode.Internal, message: `The ${what} failed` };
      throw new EnrollmentError(error.code, error.message, true);
    }
    return record;
  }

  onApplicationShutdown(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }

  private add(requestId: string, wake: () => void): void {
    const set = this.waiters.get(requestId) ?? new Set();
    set.add(wake);
    this.waiters.set(requestId, set);
  }

  private remove(requestId: string, wake: () => void): void {
    const set = this.waiters.get(requestId);
    set?.delete(wake);
    if (set?.size === 0) this.waiters.delete(requestId);
  }

  /** Subscribed before the first read of the record, so a request finishing in between still wakes it. */
  private async listening(): Promise<void> {
    this.subscription ??= this.feed.subscribe({
      deliver: (events: LoggedEvent[]) => {
        for (const { event } of events) {
          if (TERMINAL_EVENT_IDS.has(event.eventId)) this.waiters.get(event.activityId)?.forEach((wake) => wake());
        }
      },
      writable: () => Promise.resolve(),
      end: () => (this.subscription = undefined),
    });
    // A feed that cannot start leaves the waiters to their periodic reads.
    await this.subscription.live.catch(() => (this.subscription = undefined));
  }
}
