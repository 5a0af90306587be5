import { inLanes } from './lanes';

describe(inLanes.name, () => {
  it('runs every index once with at most `lanes` at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await inLanes(10, 3, async (index) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(index);
      running--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('stops taking work after a failure and throws it', async () => {
    const seen: number[] = [];
    const sut = inLanes(100, 2, async (index) => {
      seen.push(index);
      if (index === 3) throw new Error('boom');
      await new Promise((resolve) => setImmediate(resolve));
    });
    await expect(sut).rejects.toThrow('boom');
    expect(seen.length).toBeLessThan(10);
  });
});
