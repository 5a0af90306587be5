import { randomBytes } from 'node:crypto';
import { SecretBox } from '../crypto/secret-box';
import type { MdmEnrollment } from './mdm-enrollment.repository';

/** The SecretBox purpose that seals management nonces; the box takes the CA passphrase. */
export const MDM_NONCE_PURPOSE = 'mdm-nonce';

const NONCE_BYTES = 16;

/** The box that seals and opens management nonces, from the service's passphrase. */
export function mdmNonceBox(passphrase: string): SecretBox {
  return new SecretBox(passphrase, MDM_NONCE_PURPOSE);
}

/** Two fresh random 16-byte nonces (base64), sealed with `box`, as an enrollment record stores them. */
export function sealedManagementNonces(box: SecretBox): { clientNonce: string; serverNonce: string } {
  return {
    clientNonce: box.seal(randomBytes(NONCE_BYTES).toString('base64')),
    serverNonce: box.seal(randomBytes(NONCE_BYTES).toString('base64')),
  };
}

/** The enrollment's management nonces in the clear (base64); throws when it has none or `box` is not theirs. */
export function openManagementNonces(enrollment: MdmEnrollment, box: SecretBox): { clientNonce: string; serverNonce: string } {
  if (!enrollment.management) throw new Error(`MDM enrollment ${enrollment.id} has no management nonces`);
  return { clientNonce: box.open(enrollment.management.clientNonce), serverNonce: box.open(enrollment.management.serverNonce) };
}
