import { BarePipeline } from '../bare/bare-pipeline';
import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout } from '../cli/layout';
import { CommandCounter } from '../harness/command-counter';
import { cpuTable } from '../report/cpu-table';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** The limit: the same work on plain BullMQ, without Nest, HTTP, step checkpoints or per-step round trips. */
export const barePipelineMeasurement: Measurement = {
  name: 'bare-pipeline',
  title: 'Bare pipeline (plain BullMQ)',
  method: (context) =>
    `${context.sizes.bareEnrollments} enrollments per run (half Workplace Join, half bulk), ${context.sizes.reps} run(s) after a ` +
    `${context.sizes.warmup}-enrollment warm-up, at most ${context.sizes.inFlight} unfinished at once. The benchmark process plays the ` +
    "orchestrator: it checks each request's credential with the product's own `AdfsTokenVerifier` (RS256 JWT) or " +
    '`BulkTokenService` and adds one job to a plain BullMQ `Queue` (the product\'s job options). ' +
    `${describeLayout(context.layout)} as child processes run plain BullMQ \`Worker\`s, one per flow: the bulk token's use is ` +
    "counted with the product's atomic script, the CSR is checked (`validateCsr`), the certificate signed " +
    '(`CertificateAuthority.issueDeviceCertificate`), and the request, certificate, device object and its indexes, MDM enrollment ' +
    'and the same diagnostics events as the product are written in one MULTI. Completion is read from BullMQ `QueueEvents`.',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    await context.stopShared();
    const [redis, keys] = await Promise.all([context.redis(), context.deviceKeys()]);
    const pipeline = await BarePipeline.start(redis.url, context.layout, keys, context.nodeArgs);
    try {
      await pipeline.run(context.sizes.warmup, context.sizes.inFlight);
      const cpu: Array<Array<{ name: string; cores: number }>> = [];
      const meter = await context.cpuMeter(pipeline.processes);
      const commands = new CommandCounter(redis);
      const results = await repeat(context.sizes.reps, async () => {
        meter.begin();
        await commands.begin();
        const result = await pipeline.run(context.sizes.bareEnrollments, context.sizes.inFlight);
        cpu.push(meter.end());
        await commands.end();
        context.log(`bare pipeline: ${result.perSecond.toFixed(1)} enrollments/s`);
        return result.perSecond;
      });
      return {
        rows: [
          {
            key: RowKey.barePipeline,
            group: 'limit',
            label: `Bare pipeline enrollments/s (plain BullMQ, ${formatLayout(context.layout)} worker processes, no HTTP)`,
            value: median(results),
            unit: 'enrollments/s',
            runs: results,
          },
        ],
        observations: [
          `CPU used while the bare pipeline ran (median over the runs):\n\n${cpuTable(cpu)}`,
          `Redis commands per enrollment (all of the runs):\n\n${commands.table(context.sizes.bareEnrollments * context.sizes.reps)}`,
        ],
      };
    } finally {
      await pipeline.stop();
    }
  },
};
