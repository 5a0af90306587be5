import type { LatencySummary } from './simulation.types';

/** Nearest-rank percentile (p from 0 to 100) of values sorted ascending; 0 for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Count, p50, p90, p99, max and mean of latencies in milliseconds, rounded to 0.1 ms. */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  const sum = list.reduce((total, value) => total + value, 0);
  return {
    count: list.length,
    p50: round(percentile(list, 50)),
    p90: round(percentile(list, 90)),
    p99: round(percentile(list, 99)),
    max: round(list.length ? list[list.length - 1] : 0),
    mean: round(list.length ? sum / list.length : 0),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
