import { BenchRow } from './bench-row';
import { formatNumber } from './number-format';
import { RowKey } from './row-keys';

export type Verdict = 'met' | 'missed' | 'not run';

export interface Target {
  key: string;
  label: string;
  rowKey: string;
  /** How the target reads, e.g. `≥ 300 enrollments/s`. */
  requirement: string;
  met: (value: number) => boolean;
}

/** The targets, each checked against one figure of the report. */
export const TARGETS: readonly Target[] = [
  {
    key: 'throughput',
    label: 'End-to-end throughput',
    rowKey: RowKey.e2eThroughput,
    requirement: '≥ 300 enrollments/s',
    met: (value) => value >= 300,
  },
  {
    key: 'vs-bare',
    label: 'Product against the bare pipeline of the same run',
    rowKey: RowKey.productVsBare,
    requirement: '≥ 0.8 ×',
    met: (value) => value >= 0.8,
  },
  {
    key: 'latency',
    label: 'p99 POST → completed at 100 requests/s',
    rowKey: RowKey.latencyP99,
    requirement: '< 100 ms',
    met: (value) => value < 100,
  },
  {
    key: 'wave',
    label: '10,000-device bulk wave',
    rowKey: RowKey.waveDuration,
    requirement: '< 40 s',
    met: (value) => value < 40,
  },
  {
    key: 'memory',
    label: 'Redis memory per enrolled device',
    rowKey: RowKey.redisPerDevice,
    requirement: '≤ 4 KiB',
    met: (value) => value <= 4,
  },
  {
    key: 'populated',
    label: 'Throughput with 100,000 devices in the directory',
    rowKey: RowKey.populatedVsEmpty,
    requirement: 'within 10 % of empty (≥ 0.9 ×)',
    met: (value) => value >= 0.9,
  },
];

export interface TargetResult {
  target: Target;
  value?: number;
  unit?: string;
  verdict: Verdict;
}

export function evaluateTargets(rows: readonly BenchRow[], targets: readonly Target[] = TARGETS): TargetResult[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return targets.map((target) => {
    const row = byKey.get(target.rowKey);
    if (!row || !Number.isFinite(row.value)) return { target, verdict: 'not run' };
    return { target, value: row.value, unit: row.unit, verdict: target.met(row.value) ? 'met' : 'missed' };
  });
}

export function describeResult(result: TargetResult): string {
  return result.value === undefined ? '—' : `${formatNumber(result.value)} ${result.unit ?? ''}`.trim();
}
