import { createHash, createPublicKey } from 'node:crypto';
import * as forge from 'node-forge';
import { bitString, encodeDer, integerHex, oid, sequence, sha256WithRsaAlgorithm, tagged } from '../asn1';
import { derToPem, toBinary } from '../der';
import { Oid } from '../oids';

const { Class, Type } = forge.asn1;
const set = (children: forge.asn1.Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SET, true, children);
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A SHA-256 CSR for the RSA public key (n, e), which no private key need exist for: `sign` returns the
 * signature over the CertificationRequestInfo bytes.
 */
export function rsaKeyCsr(key: { n: Buffer; e: bigint }, sign: (info: Buffer) => Buffer): string {
  const hex = key.e.toString(16);
  const e = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
  const publicKey = createPublicKey({ key: { kty: 'RSA', n: key.n.toString('base64url'), e }, format: 'jwk' });
  const spki = forge.asn1.fromDer(toBinary(publicKey.export({ type: 'spki', format: 'der' })));
  const cn = forge.asn1.create(Class.UNIVERSAL, Type.UTF8, false, 'device.example');
  const info = sequence([integerHex('00'), sequence([set([sequence([oid(Oid.commonName), cn])])]), spki, tagged(0, true, [])]);
  const der = encodeDer(sequence([info, sha256WithRsaAlgorithm(), bitString(sign(encodeDer(info)))]));
  return derToPem(der, 'CERTIFICATE REQUEST');
}

/** EMSA-PKCS1-v1_5 with SHA-256, as long as the modulus: raised to e = 1 it is itself, so it passes for a signature. */
export function pkcs1Sha256Encoding(data: Buffer, modulusBytes: number): Buffer {
  const digest = Buffer.concat([SHA256_DIGEST_INFO, createHash('sha256').update(data).digest()]);
  const padding = Buffer.alloc(modulusBytes - 3 - digest.length, 0xff);
  return Buffer.concat([Buffer.from([0x00, 0x01]), padding, Buffer.from([0x00]), digest]);
}
