import { KeyObject, sign } from 'node:crypto';
import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { bitString, encodeDer, integerHex, octetString, oid, sequence, sha256WithRsaAlgorithm, tagged, time } from './asn1';
import { toBinary } from './der';
import { Oid } from './oids';
import { toDerIntegerHex } from './serial';

export interface CrlEntry {
  serialHex: string;
  revokedAt: Date;
}

export interface CrlRequest {
  entries: CrlEntry[];
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** What the CA contributes to every CRL it signs. */
export interface CrlIssuer {
  name: forge.asn1.Asn1;
  keyIdentifier: Buffer;
  signingKey: KeyObject;
}

/** Builds and natively signs a v2 CertificateList (RFC 5280 §5) as DER. */
export function buildCrl(issuer: CrlIssuer, req: CrlRequest): Buffer {
  if (!Number.isSafeInteger(req.crlNumber) || req.crlNumber < 0) invalid('crlNumber must be a non-negative integer');
  if (!(req.thisUpdate.getTime() < req.nextUpdate.getTime())) invalid('thisUpdate must be before nextUpdate');
  const revoked = req.entries.map((entry) => sequence([integerHex(serialHex(entry.serialHex)), time(entry.revokedAt)]));
  const tbs = sequence([
    integerHex('01'),
    sha256WithRsaAlgorithm(),
    issuer.name,
    time(req.thisUpdate),
    time(req.nextUpdate),
    // RFC 5280: an empty revokedCertificates list must be absent, not empty
    ...(revoked.length ? [sequence(revoked)] : []),
    tagged(0, true, [
      sequence([
        extension(Oid.authorityKeyIdentifier, sequence([tagged(0, false, toBinary(issuer.keyIdentifier))])),
        extension(Oid.cRLNumber, integerHex(req.crlNumber === 0 ? '00' : toDerIntegerHex(req.crlNumber.toString(16)))),
      ]),
    ]),
  ]);
  const signature = sign('sha256', encodeDer(tbs), issuer.signingKey);
  return encodeDer(sequence([tbs, sha256WithRsaAlgorithm(), bitString(signature)]));
}

function extension(id: string, value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return sequence([oid(id), octetString(encodeDer(value))]);
}

function serialHex(hex: string): string {
  try {
    return toDerIntegerHex(hex);
  } catch (error) {
    return invalid(`CRL entry serial is invalid: ${(error as Error).message}`);
  }
}

function invalid(message: string): never {
  throw EnrollmentError.permanent(ErrorCode.ValidationFailed, message);
}
