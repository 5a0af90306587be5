/** Time source of the pacer and the dispatcher, replaced by a fake one in tests. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Open-loop send schedule: send k goes out at start + k / rate, whether or not earlier requests have
 * completed. Timers fire late by a millisecond or so; the schedule stays absolute, so a late send is
 * followed by prompt ones and the average rate holds. A sender that fell far behind (nothing was ready
 * to send, or the concurrency cap held it) does not burst to catch up: the schedule restarts from now.
 */
export class Pacer {
  private next?: number;
  private readonly intervalMs: number;

  constructor(
    readonly ratePerSecond: number | undefined,
    /** How far behind the schedule may fall and still be caught up by sending at once. */
    private readonly catchUpMs = 100,
  ) {
    if (ratePerSecond !== undefined && !(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be more than 0');
    this.intervalMs = ratePerSecond ? 1000 / ratePerSecond : 0;
  }

  /** Reserves the next send; returns when it may go out (`now` or later). Unpaced, always `now`. */
  reserve(now: number): number {
    if (!this.ratePerSecond) return now;
    if (this.next === undefined || now - this.next > this.catchUpMs) this.next = now;
    const slot = this.next;
    this.next += this.intervalMs;
    return slot;
  }
}
