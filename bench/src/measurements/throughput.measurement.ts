import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout } from '../cli/layout';
import { CommandCounter } from '../harness/command-counter';
import { cpuTable } from '../report/cpu-table';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** The product's headline: enrollments per second over HTTP, POST to completion, both flows. */
export const throughputMeasurement: Measurement = {
  name: 'throughput',
  title: 'End-to-end throughput',
  method: (context) =>
    `The device simulator (\`runSimulation\` of apps/simulator) sends ${context.sizes.throughputEnrollments} requests per run, half ` +
    `Workplace Join (one user per PC) and half bulk enrollment, as fast as ${context.sizes.inFlight} requests in flight allow, ` +
    'each with a real RSA-2048 CSR (16 device keys, made before the run), and counts one as done when its terminal event arrives ' +
    `on \`GET /v1/events/stream\`. Layout ${describeLayout(context.layout)}; ${context.sizes.reps} run(s) after a ` +
    `${context.sizes.warmup}-request warm-up; the figure is completed requests ÷ (first POST → last completion).`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const service = await context.sharedService();
    await context.warmUp(service);
    const meter = await context.cpuMeter(service.processes);
    const cpu: Array<Array<{ name: string; cores: number }>> = [];
    const commands = new CommandCounter(await context.redis());
    const reports = await repeat(context.sizes.reps, async () => {
      // The simulator prepares keys and tokens before it sends: only the sending part is metered.
      let metering = false;
      const onProgress = () => {
        if (metering) {
          meter.mark();
          return;
        }
        meter.begin();
        metering = true;
      };
      await commands.begin();
      const report = await context.load(service, { enrollments: context.sizes.throughputEnrollments, onProgress });
      cpu.push(meter.end());
      await commands.end();
      context.log(`throughput: ${report.throughputPerSecond.toFixed(1)} enrollments/s, p99 ${report.latencyMs.p99.toFixed(0)} ms`);
      return report;
    });
    const runs = reports.map((report) => report.throughputPerSecond);
    return {
      rows: [
        {
          key: RowKey.e2eThroughput,
          group: 'product',
          label: `End-to-end enrollments/s over HTTP, both flows, layout ${formatLayout(context.layout)}`,
          value: median(runs),
          unit: 'enrollments/s',
          runs,
        },
      ],
      observations: [
        `At full load the latency POST → completed was p50 ${formatNumber(median(reports.map((r) => r.latencyMs.p50)))} ms, ` +
          `p99 ${formatNumber(median(reports.map((r) => r.latencyMs.p99)))} ms (medians over the runs). ` +
          `CPU used while the requests were sent and completed (median over the runs; the simulator's preparation of keys and tokens left out):\n\n${cpuTable(cpu)}`,
        "Redis commands per enrollment (all of the runs, the simulator's preparation and event stream included; " +
          `\`evalsha\` is the service's Lua scripts):\n\n${commands.table(context.sizes.throughputEnrollments * context.sizes.reps)}`,
      ],
    };
  },
};
