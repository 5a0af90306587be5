import { median, repeat } from './median';

describe(median.name, () => {
  it.each([
    [[], Number.NaN],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
    [[5, Number.NaN, 1], 3],
  ])('median of %j is %p', (values, expected) => {
    expect(median(values)).toEqual(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe(repeat.name, () => {
  it('runs one after the other, in order', async () => {
    const seen: number[] = [];
    const sut = await repeat(3, async (index) => {
      seen.push(index);
      await new Promise((resolve) => setImmediate(resolve));
      return index * 10;
    });
    expect(sut).toEqual([0, 10, 20]);
    expect(seen).toEqual([0, 1, 2]);
  });
});
