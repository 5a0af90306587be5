import { X509Certificate } from 'node:crypto';
import type { ApiClient } from '../api-client';
import type { KeyPool } from '../key-pool';
import { BulkCredentials, createBulkCredentials } from '../preparation';
import { windowsDeviceCsr } from './device-csr';
import { thumbprintOf } from './provisioning-check';
import type { Mde2Account, Mde2Device } from './windows-enrollment';
import { windowsIdentity } from './windows-identity';

/** What an MS-MDE2 run prepares before it sends: the package and token, the CA to expect, each device. */
export interface Mde2Preparation {
  credentials: BulkCredentials;
  account: Mde2Account;
  /** By bulk device index. */
  devices: Mde2Device[];
}

/** The enrollment account a run's package names, as the example spells it: `enroll@<domain>`. */
export function enrollmentAccountOf(domain: string): string {
  return `enroll@${domain}`;
}

/**
 * Creates the bulk token and a package with an MS-MDE2 enrollment account, reads the CA the service
 * publishes, and gives every device its identity and its Windows-shaped request, signed with a key of
 * the pool. All of it before the measured part, like the JSON devices' requests.
 */
export async function prepareMde2(client: ApiClient, adminKey: string, count: number, tag: string, domain: string, keys: KeyPool): Promise<Mde2Preparation> {
  const userPrincipalName = enrollmentAccountOf(domain);
  const credentials = await createBulkCredentials(client, adminKey, count, tag, { userPrincipalName });
  const ca = await client.exchange('GET', `${client.baseUrls[0].replace(/\/+$/, '')}/v1/pki/ca.pem`);
  if (ca.status !== 200) throw new Error(`GET /v1/pki/ca.pem answered ${ca.status}`);
  const caThumbprint = thumbprintOf(new X509Certificate(ca.text).raw);
  const devices = Array.from({ length: count }, (_, index): Mde2Device => {
    const identity = windowsIdentity(tag, index);
    const key = keys.keyFor(index);
    return { identity, csrBase64: windowsDeviceCsr(identity, key.privateKey), publicKey: key.publicKey };
  });
  return { credentials, account: { userPrincipalName, token: credentials.token, caThumbprint }, devices };
}
