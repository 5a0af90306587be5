import { BenchContext } from '../bench-context';
import { runOpensslSpeed } from '../machine/openssl-speed';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** `openssl speed rsa2048`: what the same OpenSSL does with no Node in between. */
export const opensslSpeedMeasurement: Measurement = {
  name: 'openssl-speed',
  title: 'openssl speed rsa2048',
  method: (context) =>
    `\`openssl speed -seconds ${context.sizes.opensslSeconds} rsa2048\` (one process, one core), ` +
    `${context.sizes.reps} time(s); the sign/s column of its summary table.`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const results = await repeat(context.sizes.reps, () => runOpensslSpeed(context.sizes.opensslSeconds));
    const runs = results.map((result) => result.speed.signPerSecond);
    return {
      rows: [
        {
          key: RowKey.opensslSpeed,
          group: 'limit',
          label: `\`${results[0].command}\`, sign/s`,
          value: median(runs),
          unit: 'signatures/s',
          runs,
        },
      ],
      commands: [results[0].command],
    };
  },
};
