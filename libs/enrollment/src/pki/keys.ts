import { createHash, KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { toBinary } from './der';

/** RSA public key material in the two forms certificate building needs. */
export interface RsaPublicKeyForms {
  forgeKey: forge.pki.PublicKey;
  keyIdentifier: Buffer;
}

/** Converts a Node RSA public key for forge and derives its RFC 5280 (method 1) key identifier. */
export function rsaPublicKeyForms(publicKey: KeyObject): RsaPublicKeyForms {
  // the SHA-1 input of method 1 is the subjectPublicKey bits, which for RSA is exactly the PKCS#1 RSAPublicKey
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' });
  return {
    forgeKey: forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(toBinary(pkcs1))),
    keyIdentifier: createHash('sha1').update(pkcs1).digest(),
  };
}
