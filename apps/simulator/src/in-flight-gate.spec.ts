import { InFlightGate } from './in-flight-gate';

describe(InFlightGate.name, () => {
  it('lets `limit` through, then one more per release, in order', async () => {
    const sut = new InFlightGate(2);
    const entered: number[] = [];
    const all = [1, 2, 3, 4].map((n) => sut.acquire().then(() => entered.push(n)));
    await Promise.resolve();
    await Promise.resolve();
    expect(entered).toEqual([1, 2]);
    expect(sut.full).toBe(true);
    sut.release();
    await all[2];
    expect(entered).toEqual([1, 2, 3]);
    sut.release();
    await all[3];
    expect(entered).toEqual([1, 2, 3, 4]);
    sut.release();
    sut.release();
    expect(sut.size).toBe(0);
    expect(sut.full).toBe(false);
  });

  it.each([0, 1.5, -2])('refuses a limit of %p', (limit) => {
    expect(() => new InFlightGate(limit)).toThrow(RangeError);
  });
});
