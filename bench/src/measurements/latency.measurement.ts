import { BenchContext } from '../bench-context';
import { formatLayout } from '../cli/layout';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

// Enough room that a fixed send rate is never held back by the in-flight cap.
const LATENCY_IN_FLIGHT = 1000;

/** Latency at a fixed, moderate load: what one device waits for when the service is not saturated. */
export const latencyMeasurement: Measurement = {
  name: 'latency',
  title: 'Latency at 100 requests/s',
  method: (context) =>
    `The simulator sends ${context.sizes.latencyRequests} requests per run at a fixed ${context.sizes.latencyRate} requests/s ` +
    `(both flows, half each), and times each from its POST to its terminal event on the event stream; p50 and p99 per run, ` +
    `median over ${context.sizes.reps} run(s), same service and layout as the throughput figure.`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const service = await context.sharedService();
    await context.warmUp(service);
    const reports = await repeat(context.sizes.reps, async () => {
      const report = await context.load(service, {
        enrollments: context.sizes.latencyRequests,
        inFlight: LATENCY_IN_FLIGHT,
        ratePerSecond: context.sizes.latencyRate,
      });
      context.log(`latency: p50 ${report.latencyMs.p50.toFixed(1)} ms, p99 ${report.latencyMs.p99.toFixed(1)} ms`);
      return report;
    });
    const p50 = reports.map((report) => report.latencyMs.p50);
    const p99 = reports.map((report) => report.latencyMs.p99);
    const achieved = reports.map((report) => report.pacing?.achievedPerSecond ?? Number.NaN);
    const layout = formatLayout(context.layout);
    return {
      rows: [
        {
          key: RowKey.latencyP50,
          group: 'product',
          label: `p50 POST → completed at ${context.sizes.latencyRate} requests/s, ${layout}`,
          value: median(p50),
          unit: 'ms',
          runs: p50,
        },
        {
          key: RowKey.latencyP99,
          group: 'product',
          label: `p99 POST → completed at ${context.sizes.latencyRate} requests/s, ${layout}`,
          value: median(p99),
          unit: 'ms',
          runs: p99,
        },
      ],
      observations: [
        `Send rate achieved: ${achieved.map(formatNumber).join(', ')} requests/s; ` +
          `slowest request ${formatNumber(median(reports.map((report) => report.latencyMs.max)))} ms (median of the runs' maxima).`,
      ],
    };
  },
};
