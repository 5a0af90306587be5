import { BarePipeline } from '../bare/bare-pipeline';
import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout } from '../cli/layout';
import { CommandCounter } from '../harness/command-counter';
import { cpuTable } from '../report/cpu-table';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** The limit: the product's writes, through its own repositories, on plain BullMQ, without Nest, HTTP or the flow runner. */
export const barePipelineMeasurement: Measurement = {
  name: 'bare-pipeline',
  title: 'Bare pipeline (plain BullMQ)',
  method: (context) =>
    `${context.sizes.bareEnrollments} enrollments per run (half Workplace Join, half bulk), ${context.sizes.reps} run(s) after a ` +
    `${context.sizes.warmup}-enrollment warm-up, at most ${context.sizes.inFlight} unfinished at once. The benchmark process plays the ` +
    "orchestrator: it checks each request's credential with the product's own `AdfsTokenVerifier` (RS256 JWT) or " +
    "`BulkTokenService`, records the request with the product's `RequestRepository` and adds one job to a plain BullMQ `Queue` " +
    "(the product's job options). " +
    `${describeLayout(context.layout)} as child processes run plain BullMQ \`Worker\`s, one per flow, writing only through the ` +
    "product's repositories and their scripts, built as `EnrollmentModule` builds them: the bulk token's use and the device name " +
    "(or the user's device place) are claimed, the CSR is checked (`validateCsr`), the certificate signed " +
    '(`CertificateAuthority.issueDeviceCertificate`) and recorded, the device object registered (and, in bulk, enrolled in MDM), ' +
    "and then every step's checkpoints, the same diagnostics events as the product and the request's outcome go out in one " +
    'MULTI (`RedisBatch`); independent writes share a round trip on an auto-pipelined client, as in the product. No step ' +
    'metrics, no job log or progress. Completion is read from BullMQ `QueueEvents`.',
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
