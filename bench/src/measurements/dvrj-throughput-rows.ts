import type { WorkplaceProtocol } from '../../../apps/simulator/src/simulation.types';
import type { SimulationReport } from '../harness/simulation';
import type { BenchRow } from '../report/bench-row';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { median } from '../stats/median';

/** The two ways a Workplace Join is made, in the order a repetition starts with, and their rows. */
export const WORKPLACE_JOIN_PROTOCOLS: ReadonlyArray<{ protocol: WorkplaceProtocol; rowKey: string; label: string }> = [
  { protocol: 'json', rowKey: RowKey.jsonWorkplaceJoinThroughput, label: 'JSON Workplace Joins/s end to end' },
  { protocol: 'dvrj', rowKey: RowKey.dvrjThroughput, label: 'MS-DVRJ registrations/s end to end' },
];

/** One product row per protocol: the median of its runs' completed joins per second, every run kept. */
export function dvrjThroughputRows(reports: ReadonlyMap<WorkplaceProtocol, readonly SimulationReport[]>, layout: string): BenchRow[] {
  return WORKPLACE_JOIN_PROTOCOLS.map(({ protocol, rowKey, label }) => {
    const runs = (reports.get(protocol) ?? []).map((report) => report.throughputPerSecond);
    return { key: rowKey, group: 'product' as const, label: `${label}, layout ${layout}`, value: median(runs), unit: 'registrations/s', runs };
  });
}

/** The latency of one protocol's runs, as medians over the runs. */
export function dvrjLatencyLine(label: string, reports: readonly SimulationReport[]): string {
  return (
    `${label}: latency first request → done p50 ${formatNumber(median(reports.map((r) => r.latencyMs.p50)))} ms, ` +
    `p99 ${formatNumber(median(reports.map((r) => r.latencyMs.p99)))} ms (medians over the runs)`
  );
}
