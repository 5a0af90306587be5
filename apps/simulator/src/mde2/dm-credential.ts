import { createHash } from 'node:crypto';
import type { SyncmlCred } from '@app/enrollment';

/** The CLIENT APPAUTH of the provisioning document: what the device proves itself with in `Cred`. */
export interface DmClientAuth {
  /** AAUTHNAME; the service's documents give none, and the device then names itself by its DeviceID. */
  name?: string;
  /** AAUTHSECRET. */
  secret: string;
  /** The current nonce, base64: AAUTHDATA at first, then each `NextNonce` the server sends. */
  nonce: string;
}

/**
 * OMA-DM `syncml:auth-md5`: B64(MD5(B64(MD5(name ":" secret)) ":" nonce)), the nonce as its bytes (it
 * travels base64 in AAUTHDATA and in `NextNonce`, with Format b64).
 */
export function md5Credential(name: string, secret: string, nonceBase64: string): string {
  const inner = createHash('md5').update(`${name}:${secret}`, 'utf8').digest('base64');
  return createHash('md5')
    .update(Buffer.concat([Buffer.from(`${inner}:`, 'utf8'), Buffer.from(nonceBase64, 'base64')]))
    .digest('base64');
}

/** The header `Cred` Windows sends with digest authentication configured. */
export function credOf(auth: DmClientAuth, deviceId: string): SyncmlCred {
  return { format: 'b64', type: 'syncml:auth-md5', data: md5Credential(auth.name ?? deviceId, auth.secret, auth.nonce) };
}
