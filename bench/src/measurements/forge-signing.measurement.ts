import { BenchContext } from '../bench-context';
import { deviceCertificateRequest, makeBenchCa } from '../fixtures/bench-ca';
import { ForgeSigningCa } from '../fixtures/forge-signed-certificate';
import { assertIssuedBy } from '../fixtures/verify-issued';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { operationsPerSecond } from '../stats/rate';
import { randomSerialHex } from '@app/enrollment/pki/serial';
import { Measurement, MeasurementOutcome } from './measurement';

/** The naive path: the same certificate, signed by node-forge's `cert.sign` (RSA in JavaScript). */
export const forgeSigningMeasurement: Measurement = {
  name: 'forge-signing',
  title: 'node-forge cert.sign (naive path)',
  method: (context) =>
    "The product's device certificate (same fields and extensions, PEM and thumbprints) signed by node-forge's " +
    `own \`cert.sign(key, sha256)\`, back to back for ${context.sizes.cryptoSeconds} s (at least one certificate), ` +
    `${context.sizes.reps} time(s), with the same RSA-2048 CA key.`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const [ca, keys] = await Promise.all([makeBenchCa(), context.deviceKeys()]);
    const forgeCa = new ForgeSigningCa(ca.certPem, ca.privateKey);
    const issue = (index: number) => forgeCa.issueDeviceCertificate(deviceCertificateRequest(keys[index % keys.length].publicKey, index, randomSerialHex()));
    assertIssuedBy(issue(0).pem, ca.certPem);
    const runs = await repeat(context.sizes.reps, () => operationsPerSecond(context.sizes.cryptoSeconds, issue));
    return {
      rows: [
        {
          key: RowKey.forgeSign,
          group: 'naive',
          label: "Device certificates signed by node-forge's cert.sign, one thread",
          value: median(runs),
          unit: 'certificates/s',
          runs,
        },
      ],
    };
  },
};
