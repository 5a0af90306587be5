import type { KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { toBinary } from '../der';

export interface RenewalRequestOptions {
  /** The new PKCS#10, DER. */
  csrDer: Buffer;
  /** The certificate being renewed (PEM) and its private key, which sign the request. */
  certificatePem: string;
  privateKey: KeyObject;
  /** Manual renewal base64-encodes the request once more inside the PKCS#7. */
  base64Content?: boolean;
  /** Sign the content itself, without signed attributes. */
  withoutSignedAttributes?: boolean;
}

/** A PKCS#7 SignedData renewal request as Windows sends it to MS-WSTEP, DER. */
export function renewalRequest(options: RenewalRequestOptions): Buffer {
  const content = options.base64Content ? Buffer.from(options.csrDer.toString('base64'), 'latin1') : options.csrDer;
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(toBinary(content));
  const certificate = forge.pki.certificateFromPem(options.certificatePem);
  signedData.addCertificate(certificate);
  const pkcs1 = options.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  signedData.addSigner({
    key: forge.pki.privateKeyFromPem(pkcs1),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: options.withoutSignedAttributes
      ? []
      : [
          { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
          { type: forge.pki.oids.messageDigest },
          { type: forge.pki.oids.signingTime, value: new Date() as unknown as string },
        ],
  });
  signedData.sign();
  return Buffer.from(forge.asn1.toDer(signedData.toAsn1()).getBytes(), 'binary');
}
