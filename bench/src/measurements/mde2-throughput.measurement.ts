import type { BulkProtocol } from '../../../apps/simulator/src/simulation.types';
import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout } from '../cli/layout';
import { cpuTable } from '../report/cpu-table';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { median } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';
import { protocolsInTurn } from './protocols-in-turn';

const PROTOCOLS: Array<{ protocol: BulkProtocol; rowKey: string; label: string }> = [
  { protocol: 'json', rowKey: RowKey.jsonBulkThroughput, label: 'JSON bulk enrollments/s end to end' },
  { protocol: 'mde2', rowKey: RowKey.mde2Throughput, label: 'MS-MDE2 enrollments/s end to end' },
];

/** What the same service does for Windows' own protocol against the JSON API, bulk devices only, turn about. */
export const mde2ThroughputMeasurement: Measurement = {
  name: 'mde2-throughput',
  title: 'MS-MDE2 against JSON bulk enrollment',
  method: (context) =>
    `The device simulator enrolls ${context.sizes.mde2Enrollments} bulk devices per run, as fast as ${context.sizes.inFlight} ` +
    'in flight allow, on one service, alternately over the JSON API (`POST /v1/bulk-enrollments`, done when the terminal event ' +
    'arrives on the event stream) and over MS-MDE2 as Windows does it (GET and POST Discovery.svc, GetPolicies, ' +
    "RequestSecurityToken with a Windows-shaped SHA-1 CSR, done when the RSTR's provisioning document checks out), the first " +
    'protocol of each repetition taking turns. Device keys and requests are made before each run. With several ' +
    "orchestrators, MS-MDE2 devices spread only their Discovery requests: they follow the Discover answer's URLs, which " +
    'name PUBLIC_URL (the first orchestrator here, a load balancer in production). ' +
    `Layout ${describeLayout(context.layout)}; ${context.sizes.reps} repetition(s) of each after a warm-up of each; ` +
    'the figure is completed devices ÷ (first request sent → last device done), and the ratio divides the two medians.',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const service = await context.sharedService();
    await context.warmUp(service);
    if (context.sizes.warmup > 0) {
      await context.load(service, { enrollments: Math.min(context.sizes.warmup, context.sizes.mde2Enrollments), bulkShare: 1, bulkProtocol: 'mde2' });
    }
    const { reports, cpu } = await protocolsInTurn(
      context,
      service,
      PROTOCOLS.map(({ protocol }) => protocol),
      (protocol) => ({ enrollments: context.sizes.mde2Enrollments, bulkShare: 1, bulkProtocol: protocol }),
      (protocol, report) => `${protocol} bulk: ${report.throughputPerSecond.toFixed(1)} enrollments/s, p99 ${report.latencyMs.p99.toFixed(0)} ms`,
    );
    return {
      rows: PROTOCOLS.map(({ protocol, rowKey, label }) => {
        const runs = reports.get(protocol)!.map((report) => report.throughputPerSecond);
        return {
          key: rowKey,
          group: 'product' as const,
          label: `${label}, layout ${formatLayout(context.layout)}`,
          value: median(runs),
          unit: 'enrollments/s',
          runs,
        };
      }),
      observations: PROTOCOLS.map(({ protocol, label }) => {
        const runs = reports.get(protocol)!;
        return (
          `${label}: latency first request → done p50 ${formatNumber(median(runs.map((r) => r.latencyMs.p50)))} ms, ` +
          `p99 ${formatNumber(median(runs.map((r) => r.latencyMs.p99)))} ms (medians over the runs). CPU while the devices enrolled:\n\n` +
          cpuTable(cpu.get(protocol)!)
        );
      }),
    };
  },
};
