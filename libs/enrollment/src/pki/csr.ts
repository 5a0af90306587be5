import { createPublicKey, KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { bytesOf, childrenOf, encodeDer, isUniversal, oidOf, parseDer } from './asn1';
import { decodeDirectoryString } from './asn1-string';
import { fromBinary, readDerHeader } from './der';
import { requestedDeviceIdOf } from './device-id';
import { Oid } from './oids';

export type SignatureHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface ParsedCsr {
  commonName?: string;
  publicKey: KeyObject;
  /** 'rsa' for every request accepted today. */
  keyType: string;
  keyBits: number;
  publicExponent: bigint;
  signatureHash: SignatureHash;
  requestedDeviceId?: string;
  der: Buffer;
}

/** A parsed CSR with the exact bytes its signature covers. */
export interface SignedCsr {
  csr: ParsedCsr;
  signedBytes: Buffer;
  signature: Buffer;
}

const MAX_INPUT_CHARS = 64 * 1024;
const PEM = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([\s\S]*?)-----END \1CERTIFICATE REQUEST-----/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const { Type } = forge.asn1;

const SIGNATURE_HASHES: Record<string, SignatureHash> = {
  [Oid.sha1WithRsa]: 'sha1',
  [Oid.sha1WithRsaOiw]: 'sha1',
  [Oid.sha256WithRsa]: 'sha256',
  [Oid.sha384WithRsa]: 'sha384',
  [Oid.sha512WithRsa]: 'sha512',
};

interface CsrFields {
  signedBytes: Buffer;
  signature: Buffer;
  signatureAlgorithm: string;
  keyAlgorithm: string;
  spki: forge.asn1.Asn1;
  commonName?: string;
  attributes?: forge.asn1.Asn1;
}

/** Parses a PKCS#10 request given as PEM or bare base64 DER; does not check policy or signature. */
export function parseCsr(input: string): ParsedCsr {
  return readCsr(input).csr;
}

/** parseCsr, also returning the signed CertificationRequestInfo bytes and the signature. */
export function readCsr(input: string): SignedCsr {
  const der = decodeInput(input);
  let fields: CsrFields;
  try {
    fields = splitCsr(der);
  } catch {
    throw malformed('CSR is not a well-formed PKCS#10 request');
  }
  const publicKey = importRsaKey(fields);
  const signatureHash = SIGNATURE_HASHES[fields.signatureAlgorithm];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  if (!signatureHash) {
    throw EnrollmentError.permanent(
      ErrorCode.CsrSignatureInvalid,
      'CSR signature algorithm is not supported (RSA with SHA-1, SHA-256, SHA-384 or SHA-512 required)',
    );
  }
  const csr: ParsedCsr = {
    commonName: fields.commonName,
    publicKey,
    keyType: 'rsa',
    keyBits: publicKey.asymmetricKeyDetails?.modulusLength ?? 0,
    publicExponent: publicKey.asymmetricKeyDetails?.publicExponent ?? 0n,
    signatureHash,
    requestedDeviceId: requestedDeviceIdOf(fields.attributes),
    der,
  };
  return { csr, signedBytes: fields.signedBytes, signature: fields.signature };
}

function decodeInput(input: string): Buffer {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT_CHARS) {
    throw malformed('CSR is empty or too large');
  }
  const pem = PEM.exec(input);
  if (!pem && input.includes('-----BEGIN')) throw malformed('CSR PEM must be a CERTIFICATE REQUEST block');
  const base64 = (pem ? pem[2] : input).replace(/\s+/g, '');
  if (!BASE64.test(base64)) throw malformed('CSR is neither PEM nor base64-encoded DER');
  return Buffer.from(base64, 'base64');
}

function splitCsr(der: Buffer): CsrFields {
  const root = parseDer(der);
  const parts = childrenOf(root);
  const [info, algorithm, signatureBits] = parts;
  if (!isUniversal(root, Type.SEQUENCE) || parts.length !== 3 || !isUniversal(signatureBits, Type.BITSTRING)) {
    throw new Error('not a CertificationRequest');
  }
  const infoParts = childrenOf(info);
  const [version, subject, spki, attributes] = infoParts;
  if (!isUniversal(version, Type.INTEGER) || !isUniversal(subject, Type.SEQUENCE) || infoParts.length > 4) {
    throw new Error('not a CertificationRequestInfo');
  }
  const signature = bytesOf(signatureBits);
  if (signature.charCodeAt(0) !== 0) throw new Error('signature has unused bits');

  // The signature covers the original encoding, so slice it rather than re-encode forge's tree.
  const infoStart = readDerHeader(der, 0).headerLength;
  const infoHeader = readDerHeader(der, infoStart);
  return {
    signedBytes: der.subarray(infoStart, infoStart + infoHeader.headerLength + infoHeader.contentLength),
    signature: fromBinary(signature.slice(1)),
    signatureAlgorithm: oidOf(childrenOf(algorithm)[0]),
    keyAlgorithm: oidOf(childrenOf(childrenOf(spki)[0])[0]),
    spki,
    commonName: commonNameOf(subject),
    attributes,
  };
}

function commonNameOf(name: forge.asn1.Asn1): string | undefined {
  let commonName: string | undefined;
  for (const rdn of childrenOf(name)) {
    for (const attribute of childrenOf(rdn)) {
      const [type, value] = childrenOf(attribute);
      // the last CN is the most specific one
      if (oidOf(type) === Oid.commonName) commonName = decodeDirectoryString(value);
    }
  }
  // Windows terminates the CN with NUL characters
  return commonName?.replace(/\0+$/, '') || undefined;
}

function importRsaKey(fields: CsrFields): KeyObject {
  if (fields.keyAlgorithm !== Oid.rsaEncryption) {
    const kind = fields.keyAlgorithm === Oid.ecPublicKey ? 'EC keys are' : 'this key algorithm is';
    const message = `CSR key is not supported: ${kind} not accepted, use RSA`;
    throw EnrollmentError.permanent(ErrorCode.CsrKeyUnsupported, message);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: encodeDer(fields.spki), format: 'der', type: 'spki' });
  } catch {
    throw malformed('CSR public key could not be decoded');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw EnrollmentError.permanent(ErrorCode.CsrKeyUnsupported, 'CSR key is not supported: use RSA');
  }
  return key;
}

function malformed(message: string): EnrollmentError {
  return EnrollmentError.permanent(ErrorCode.CsrMalformed, message);
}
