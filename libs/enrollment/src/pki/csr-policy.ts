import { verify } from 'node:crypto';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { ParsedCsr, readCsr } from './csr';

export interface CsrPolicy {
  minRsaBits: number;
}

const MIN_RSA_EXPONENT = 65537n;
// Windows CryptoAPI stores the exponent in 32 bits (RSAPUBKEY.pubexp): a larger one is no Windows key.
const MAX_RSA_EXPONENT_BITS = 32;

/** Parses a CSR and enforces key strength (modulus size, public exponent) and a valid self-signature. */
export function validateCsr(input: string, policy: CsrPolicy = { minRsaBits: 2048 }): ParsedCsr {
  const { csr, signedBytes, signature } = readCsr(input);
  if (csr.keyBits < policy.minRsaBits) {
    throw EnrollmentError.permanent(ErrorCode.CsrKeyTooWeak, `CSR RSA key has ${csr.keyBits} bits; at least ${policy.minRsaBits} are required`);
  }
  // Before the signature: with e = 1 the padded hash is its own signature, so a request "self-signs" without a private key.
  const exponentFlaw = rsaExponentFlaw(csr.publicExponent);
  if (exponentFlaw) throw EnrollmentError.permanent(ErrorCode.CsrKeyWeak, `CSR ${exponentFlaw}`);
  let valid = false;
  try {
    valid = verify(csr.signatureHash, signedBytes, csr.publicKey, signature);
  } catch {
    // a signature of the wrong size makes OpenSSL throw rather than return false
  }
  if (!valid) throw EnrollmentError.permanent(ErrorCode.CsrSignatureInvalid, 'CSR signature does not verify');
  return csr;
}

/** Why an RSA public exponent is refused, if it is: only odd 65537 <= e < 2^32 are accepted. */
function rsaExponentFlaw(e: bigint): string | undefined {
  if (e < MIN_RSA_EXPONENT) return `RSA public exponent ${e} is below ${MIN_RSA_EXPONENT}`;
  const bits = e.toString(2).length;
  if (bits > MAX_RSA_EXPONENT_BITS) return `RSA public exponent of ${bits} bits exceeds ${MAX_RSA_EXPONENT_BITS} bits`;
  if (e % 2n === 0n) return `RSA public exponent ${e} is even`;
  return undefined;
}
