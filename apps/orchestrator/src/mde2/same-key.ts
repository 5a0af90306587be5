import { X509Certificate } from 'node:crypto';
import { parseCsr } from '@app/enrollment';

/** Whether a certificate and a certificate request hold the same public key. */
export function sameKey(certificatePem: string, csrPem: string): boolean {
  const spki = (key: { export(options: { type: 'spki'; format: 'der' }): Buffer }) => key.export({ type: 'spki', format: 'der' });
  try {
    return spki(new X509Certificate(certificatePem).publicKey).equals(spki(parseCsr(csrPem).publicKey));
  } catch {
    return false;
  }
}
