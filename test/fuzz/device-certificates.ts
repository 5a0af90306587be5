import fc from 'fast-check';
import { Mde2Device } from '../support/mde2-device';
import { Header } from './framing';
import { ManagedFixtures } from './managed-devices';

/** The address the fuzz client connects from when a proxy it is not should be heard: TRUSTED_PROXY_CIDRS names 127.0.0.1 only. */
export const UNTRUSTED_ADDRESS = '127.0.0.2';
export const TRUSTED_PROXY_CIDRS = '127.0.0.1/32';

/** How a request presents a device certificate: the proxy header (or none), and the address it comes from. */
export interface Presented {
  label: string;
  headers: Header[];
  from?: string;
  /** `device`'s own certificate from a trusted proxy: the only way to be heard as it. */
  valid: boolean;
  /** The device whose valid certificate comes from a trusted proxy, if any: `device`, or another one. */
  owner?: Mde2Device;
}

const header = (value: string): Header[] => [['X-Client-Certificate', value]];
const presented = (label: string, headers: Header[], from?: string): Presented => ({ label, headers, from, valid: false });

/**
 * What a caller presents as `device`: its certificate through a trusted proxy (unless `ownCertificate` is
 * false), or none, garbage, a foreign or another device's certificate, or its own from an untrusted address.
 */
export function presentedAs(managed: ManagedFixtures, device: Mde2Device, ownCertificate = true): fc.Arbitrary<Presented> {
  const pem = device.certificatePem;
  const others = [...managed.active, managed.leaving, managed.bystander, managed.renewing].filter((other) => other !== device);
  const wrong = fc.oneof(
    fc.constant(presented('no certificate', [])),
    fc.constant(presented('empty certificate header', header(''))),
    fc.constant(presented('certificate from an untrusted address', header(encodeURIComponent(pem)), UNTRUSTED_ADDRESS)),
    fc
      .constantFrom(...others)
      .map((other) => ({ ...presented("another device's certificate", header(encodeURIComponent(other.certificatePem))), owner: other })),
    fc.constantFrom(...managed.foreign).map(({ label, value }) => presented(label, header(encodeURIComponent(value)))),
    fc.constantFrom(
      presented('certificate header of garbage', header('not-a-certificate')),
      presented('certificate header with bad percent-encoding', header(`${encodeURIComponent(pem).slice(0, 40)}%E0%A4%A`)),
      presented('certificate PEM on one line', header(pem.replace(/\n/g, ''))),
      presented('certificate as base64 DER', header(pem.replace(/-----[^-]+-----|\s/g, ''))),
      presented('certificate truncated', header(encodeURIComponent(pem.slice(0, Math.floor(pem.length / 2))))),
      presented('certificate armour around garbage', header(encodeURIComponent('-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n'))),
      presented('certificate header of 12 KiB', header('A'.repeat(12_000))),
      presented('certificate in Authorization', [['Authorization', `Bearer ${encodeURIComponent(pem)}`]]),
      presented('certificate in X-SSL-Client-Cert', [['X-SSL-Client-Cert', encodeURIComponent(pem)]]),
    ),
  );
  if (!ownCertificate) return wrong;
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ label: 'valid', headers: header(encodeURIComponent(pem)), valid: true, owner: device }) },
    { weight: 3, arbitrary: wrong },
  );
}
