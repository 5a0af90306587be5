import { pooled } from './pooled';

describe(pooled.name, () => {
  const indexes = (count: number) => Array.from({ length: count }, (_, index) => index);

  it('runs every task once with at most `limit` at a time, results in task order', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    const results = await pooled(
      indexes(10).map((index) => async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 10 - index));
        seen.push(index);
        running--;
        return index * 2;
      }),
      3,
    );
    expect(seen.sort((a, b) => a - b)).toEqual(indexes(10));
    expect(most).toBe(3);
    expect(results).toEqual(indexes(10).map((index) => index * 2));
  });

  it('stops taking work after a failure and throws it', async () => {
    const seen: number[] = [];
    const sut = pooled(
      indexes(100).map((index) => async () => {
        seen.push(index);
        if (index === 3) throw new Error('boom');
        await new Promise((resolve) => setImmediate(resolve));
      }),
      2,
    );
    await expect(sut).rejects.toThrow('boom');
    expect(seen.length).toBeLessThan(10);
  });
});
