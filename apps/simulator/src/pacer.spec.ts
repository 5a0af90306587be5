import { Clock, Pacer } from './pacer';

/** A clock that moves only when slept on, each sleep overshooting by `lateMs` as real timers do. */
class FakeClock implements Clock {
  constructor(
    public time = 1000,
    private readonly lateMs = 0,
  ) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.time += ms + this.lateMs;
  }
}

/** What a sender does: reserve, sleep until the slot, send (here: note the time). */
async function sendTimes(sut: Pacer, clock: FakeClock, count: number): Promise<number[]> {
  const sent: number[] = [];
  for (let i = 0; i < count; i++) {
    const slot = sut.reserve(clock.now());
    if (slot > clock.now()) await clock.sleep(slot - clock.now());
    sent.push(clock.now());
  }
  return sent;
}

describe(Pacer.name, () => {
  it.each([
    { rate: 10, expected: [1000, 1100, 1200, 1300] },
    { rate: 4, expected: [1000, 1250, 1500, 1750] },
    { rate: 1000, expected: [1000, 1001, 1002, 1003] },
  ])('at $rate per second, reserves slots 1/rate apart from the first', ({ rate, expected }) => {
    const sut = new Pacer(rate);
    expect(expected.map(() => sut.reserve(1000))).toEqual(expected);
  });

  it('without a rate, lets every send go at once', () => {
    const sut = new Pacer(undefined);
    expect([sut.reserve(5), sut.reserve(5), sut.reserve(9)]).toEqual([5, 5, 9]);
  });

  it('keeps the average rate when every sleep overshoots', async () => {
    const clock = new FakeClock(1000, 3);
    const sent = await sendTimes(new Pacer(100), clock, 101);
    // 100 intervals of 10 ms; each sleep is 3 ms late, which the following sends make up.
    expect(sent[100] - sent[0]).toBeGreaterThanOrEqual(1000);
    expect(sent[100] - sent[0]).toBeLessThanOrEqual(1003);
  });

  it('does not send before a slot', async () => {
    const clock = new FakeClock(0, 0);
    const sent = await sendTimes(new Pacer(50), clock, 20);
    sent.forEach((time, i) => expect(time).toBeGreaterThanOrEqual(i * 20));
  });

  it('catches up a small lag at once but restarts the schedule after a long one', () => {
    const sut = new Pacer(10, 100);
    expect(sut.reserve(1000)).toBe(1000);
    expect(sut.reserve(1000)).toBe(1100);
    // 50 ms late for the slot at 1200: it goes now (its slot is in the past), the next one stays on schedule.
    expect(sut.reserve(1250)).toBe(1200);
    expect(sut.reserve(1250)).toBe(1300);
    // Nothing to send for seconds: no burst of the missed slots, the schedule starts again from now.
    expect(sut.reserve(5000)).toBe(5000);
    expect(sut.reserve(5000)).toBe(5100);
  });

  it.each([0, -1, Number.NaN])('refuses a rate of %p', (rate) => {
    expect(() => new Pacer(rate)).toThrow(RangeError);
  });
});
