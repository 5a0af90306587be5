import { BenchContext } from '../bench-context';
import { deviceCertificateRequest, makeBenchCa } from '../fixtures/bench-ca';
import { assertIssuedBy } from '../fixtures/verify-issued';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { operationsPerSecond } from '../stats/rate';
import { randomSerialHex } from '@app/enrollment/pki/serial';
import { Measurement, MeasurementOutcome } from './measurement';

/** The product's own certificate issuance (forge-built structure, native signature), in a loop. */
export const productSigningMeasurement: Measurement = {
  name: 'product-signing',
  title: "The product's certificate signing",
  method: (context) =>
    '`CertificateAuthority.issueDeviceCertificate` of `@app/enrollment` (node-forge builds the certificate, ' +
    `node:crypto signs it, then PEM and SHA-1/SHA-256 thumbprints) back to back for ${context.sizes.cryptoSeconds} s, ` +
    `${context.sizes.reps} time(s), RSA-2048 CA, device keys round-robin.`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const [ca, keys] = await Promise.all([makeBenchCa(), context.deviceKeys()]);
    const issue = (index: number) =>
      ca.authority.issueDeviceCertificate(deviceCertificateRequest(keys[index % keys.length].publicKey, index, randomSerialHex()));
    assertIssuedBy(issue(0).pem, ca.certPem);
    const runs = await repeat(context.sizes.reps, () => operationsPerSecond(context.sizes.cryptoSeconds, issue));
    return {
      rows: [
        {
          key: RowKey.productSigning,
          group: 'product',
          label: 'Device certificates signed by the product (forge structure, native signature), one thread',
          value: median(runs),
          unit: 'certificates/s',
          runs,
        },
      ],
    };
  },
};
