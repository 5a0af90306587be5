import { percentile, summarizeLatencies } from './latency';

describe(percentile.name, () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    { values: [], p: 50, expected: 0 },
    { values: [7], p: 0, expected: 7 },
    { values: [7], p: 99, expected: 7 },
    { values: [1, 2], p: 50, expected: 1 },
    { values: [1, 2], p: 51, expected: 2 },
    { values: [1, 2, 3, 4], p: 50, expected: 2 },
    { values: [1, 2, 3, 4], p: 75, expected: 3 },
    { values: [1, 2, 3, 4], p: 100, expected: 4 },
    { values: hundred, p: 50, expected: 50 },
    { values: hundred, p: 90, expected: 90 },
    { values: hundred, p: 99, expected: 99 },
    { values: hundred, p: 99.5, expected: 100 },
    { values: [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], p: 90, expected: 90 },
    { values: [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], p: 99, expected: 1000 },
  ])('p$p of $values.length values is $expected', ({ values, p, expected }) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe(summarizeLatencies.name, () => {
  it.each([
    { values: [], expected: { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 } },
    { values: [5], expected: { count: 1, p50: 5, p90: 5, p99: 5, max: 5, mean: 5 } },
    // Unsorted input, and numbers sorted as numbers (not as strings: 100 < 9 as text).
    { values: [100, 9, 30, 2], expected: { count: 4, p50: 9, p90: 100, p99: 100, max: 100, mean: 35.3 } },
    { values: [1.04, 1.06, 2.26], expected: { count: 3, p50: 1.1, p90: 2.3, p99: 2.3, max: 2.3, mean: 1.5 } },
  ])('summarizes $values', ({ values, expected }) => {
    expect(summarizeLatencies(values)).toEqual(expected);
  });

  it('keeps p50 ≤ p90 ≤ p99 ≤ max on any input', () => {
    const values = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1009) / 3);
    const sut = summarizeLatencies(values);
    expect(sut.p50).toBeLessThanOrEqual(sut.p90);
    expect(sut.p90).toBeLessThanOrEqual(sut.p99);
    expect(sut.p99).toBeLessThanOrEqual(sut.max);
    expect(sut.count).toBe(1000);
  });
});
