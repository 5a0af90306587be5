import { createHash, KeyObject, verify } from 'node:crypto';
import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { bytesOf, childrenOf, encodeDer, isUniversal, oidOf, parseDer } from './asn1';
import { fromBinary } from './der';
import { Oid } from './oids';

/** A PKCS#7 renewal request: the new PKCS#10 it carries and a check of who signed it. */
export interface RenewalRequest {
  /** The inner certificate request, DER. */
  csrDer: Buffer;
  /** Whether the request was signed with the private key of `publicKey` (the certificate being renewed). */
  isSignedBy(publicKey: KeyObject): boolean;
}

const { Class, Type } = forge.asn1;
const DIGESTS: Record<string, string> = {
  [Oid.sha1]: 'sha1',
  [Oid.sha256]: 'sha256',
  [Oid.sha384]: 'sha384',
  [Oid.sha512]: 'sha512',
};

/**
 * Reads the CMS SignedData Windows sends to renew (MS-WSTEP, ValueType `…#PKCS7`): the PKCS#10 is its
 * content, as DER (automatic renewal) or base64 once more (manual renewal); its one signer signs with
 * the key of the certificate being renewed, over the signed attributes when there are some (which then
 * hold the content's digest), otherwise over the content itself.
 */
export function readRenewalRequest(der: Buffer): RenewalRequest {
  try {
    return read(der);
  } catch (error) {
    if (error instanceof EnrollmentError) throw error;
    throw EnrollmentError.permanent(ErrorCode.CsrMalformed, 'The renewal request is not a PKCS#7 SignedData holding a certificate request');
  }
}

function read(der: Buffer): RenewalRequest {
  const [contentType, wrapped] = childrenOf(parseDer(der));
  if (oidOf(contentType) !== Oid.signedData) throw new Error('not SignedData');
  const [, , encapsulated, ...rest] = childrenOf(childrenOf(wrapped)[0]);
  const [, explicitContent] = childrenOf(encapsulated);
  const content = octets(childrenOf(explicitContent)[0]);
  const signerInfos = rest[rest.length - 1];
  if (!isUniversal(signerInfos, Type.SET)) throw new Error('no SignerInfos');
  const signers = childrenOf(signerInfos);
  if (signers.length !== 1) throw new Error('expected one signer');
  const [, , digestAlgorithm, ...fields] = childrenOf(signers[0]);
  const hash = DIGESTS[oidOf(childrenOf(digestAlgorithm)[0])];
  if (!hash) throw EnrollmentError.permanent(ErrorCode.CsrSignatureInvalid, 'The renewal request is signed with an unsupported digest');
  const signedAttributes = fields[0].tagClass === Class.CONTEXT_SPECIFIC && (fields[0].type as number) === 0 ? fields[0] : undefined;
  const signature = fromBinary(bytesOf(fields[signedAttributes ? 2 : 1]));
  let signed = content;
  if (signedAttributes) {
    const digest = messageDigestOf(signedAttributes);
    if (!digest?.equals(createHash(hash).update(content).digest())) {
      throw EnrollmentError.permanent(ErrorCode.CsrSignatureInvalid, 'The renewal request was altered after it was signed');
    }
    // The signature covers the attributes as a SET, not under their [0] tag.
    signed = encodeDer(forge.asn1.create(Class.UNIVERSAL, Type.SET, true, childrenOf(signedAttributes)));
  }
  return {
    csrDer: innerRequest(content),
    isSignedBy: (publicKey) => {
      try {
        return verify(hash, signed, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}

/** An OCTET STRING's bytes, also when it is sent in pieces (constructed). */
function octets(node: forge.asn1.Asn1): Buffer {
  if (!Array.isArray(node.value)) return fromBinary(bytesOf(node));
  return Buffer.concat(node.value.map(octets));
}

function messageDigestOf(attributes: forge.asn1.Asn1): Buffer | undefined {
  for (const attribute of childrenOf(attributes)) {
    const [type, values] = childrenOf(attribute);
    if (oidOf(type) === Oid.messageDigest) return fromBinary(bytesOf(childrenOf(values)[0]));
  }
  return undefined;
}

// A DER SEQUENCE starts with 0x30; anything else is the request once more in base64 (or PEM).
function innerRequest(content: Buffer): Buffer {
  if (content[0] === 0x30) return content;
  const text = content.toString('latin1').replace(/-----[^-]+-----/g, '');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) throw new Error('content is neither DER nor base64');
  return Buffer.from(text.replace(/\s+/g, ''), 'base64');
}
