import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { BenchContext } from '../bench-context';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { operationsPerSecond } from '../stats/rate';
import { Measurement, MeasurementOutcome } from './measurement';

// About the size of a device certificate's TBSCertificate: what the CA actually signs.
const SIGNED_BYTES = 1024;

/** RSA-2048 SHA-256 signatures per second with node:crypto on one thread: the ceiling of one core. */
export const nativeRsaSignMeasurement: Measurement = {
  name: 'native-sign',
  title: 'Native RSA-2048 signing (node:crypto)',
  method: (context) =>
    `\`crypto.sign('sha256', ${SIGNED_BYTES} bytes, RSA-2048 key)\` back to back on the main thread for ` +
    `${context.sizes.cryptoSeconds} s, ${context.sizes.reps} time(s); one core's worth.`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const data = randomBytes(SIGNED_BYTES);
    const runs = await repeat(context.sizes.reps, () => operationsPerSecond(context.sizes.cryptoSeconds, () => sign('sha256', data, privateKey)));
    return {
      rows: [
        {
          key: RowKey.nativeRsaSign,
          group: 'limit',
          label: 'Native RSA-2048 sign, node:crypto loop, one thread',
          value: median(runs),
          unit: 'signatures/s',
          runs,
        },
      ],
    };
  },
};
