import type { WorkplaceProtocol } from '../../../apps/simulator/src/simulation.types';
import type { SimulationReport } from '../harness/simulation';
import { deriveRatios } from '../report/ratios';
import { RowKey } from '../report/row-keys';
import { dvrjLatencyLine, dvrjThroughputRows } from './dvrj-throughput-rows';
import { MEASUREMENTS } from './index';

const report = (throughputPerSecond: number, p50 = 10, p99 = 40) => ({ throughputPerSecond, latencyMs: { p50, p99 } }) as SimulationReport;

describe(dvrjThroughputRows.name, () => {
  const reports = new Map<WorkplaceProtocol, SimulationReport[]>([
    ['json', [report(300), report(320), report(310)]],
    ['dvrj', [report(240), report(200), report(250)]],
  ]);

  it('gives one product row per protocol: the median of its runs, every run kept', () => {
    const sut = dvrjThroughputRows(reports, '1+2x32');

    expect(sut).toEqual([
      {
        key: 'json-workplace-join-throughput',
        group: 'product',
        label: 'JSON Workplace Joins/s end to end, layout 1+2x32',
        value: 310,
        unit: 'registrations/s',
        runs: [300, 320, 310],
      },
      {
        key: 'dvrj-throughput',
        group: 'product',
        label: 'MS-DVRJ registrations/s end to end, layout 1+2x32',
        value: 240,
        unit: 'registrations/s',
        runs: [240, 200, 250],
      },
    ]);
  });

  it('feeds the MS-DVRJ ÷ JSON Workplace Join ratio', () => {
    const ratio = deriveRatios(dvrjThroughputRows(reports, '1+2x32')).find((row) => row.key === RowKey.dvrjVsJsonWorkplaceJoin);

    expect(ratio?.value).toBeCloseTo(240 / 310);
  });

  it('states the latency as medians over the runs', () => {
    expect(dvrjLatencyLine('MS-DVRJ', [report(1, 10, 40), report(1, 12, 60), report(1, 11, 50)])).toBe(
      'MS-DVRJ: latency first request → done p50 11.0 ms, p99 50.0 ms (medians over the runs)',
    );
  });

  it('is a measurement the bench runs, after the MS-MDE2 comparison', () => {
    const names = MEASUREMENTS.map((measurement) => measurement.name);

    expect(names.indexOf('dvrj-throughput')).toBe(names.indexOf('mde2-throughput') + 1);
  });
});
