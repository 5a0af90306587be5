import { verify } from 'node:crypto';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { ParsedCsr, readCsr } from './csr';

export interface CsrPolicy {
  minRsaBits: number;
}

/** Parses a CSR and enforces key strength and a valid self-signature. */
export function validateCsr(input: string, policy: CsrPolicy = { minRsaBits: 2048 }): ParsedCsr {
  const { csr, signedBytes, signature } = readCsr(input);
  if (csr.keyBits < policy.minRsaBits) {
    throw EnrollmentError.permanent(
      ErrorCode.CsrKeyTooWeak,
      `CSR RSA key has ${csr.keyBits} bits; at least ${policy.minRsaBits} are required`,
    );
  }
  let valid = false;
  try {
    valid = verify(csr.signatureHash, signedBytes, csr.publicKey, signature);
  } catch {
    // a signature of the wrong size makes OpenSSL throw rather than return false
  }
  if (!valid) throw EnrollmentError.permanent(ErrorCode.CsrSignatureInvalid, 'CSR signature does not verify');
  return csr;
}
