/** Caps how many requests are in flight (sent, completion not seen yet). */
export class InFlightGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('concurrency must be a whole number of at least 1');
  }

  get full(): boolean {
    return this.inFlight >= this.limit;
  }

  get size(): number {
    return this.inFlight;
  }

  /** Resolves once a place is free, and takes it. */
  async acquire(): Promise<void> {
    if (this.inFlight < this.limit && this.waiting.length === 0) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The place goes straight to the next waiter, so the count does not change.
    if (next) next();
    else this.inFlight--;
  }
}
