import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, JWTPayload } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { VerifiedIdentity } from '../workplace-join/workplace-join.schema';
import { JwksSource } from './jwks-source';

export interface AdfsTrustSettings {
  issuer: string;
  audience: string;
  upnClaim: string;
}

const UPN = /^[^\s@]{1,256}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** Verifies AD FS access tokens: RS256 only, issuer, audience, expiry, and a UPN claim. */
export class AdfsTokenVerifier {
  constructor(
    private readonly trust: AdfsTrustSettings,
    private readonly keys: JwksSource,
  ) {}

  /** Returns the identity the token proves, or throws a 401-class EnrollmentError. */
  async verify(token: string): Promise<VerifiedIdentity> {
    let keyId: string | undefined;
    try {
      keyId = decodeProtectedHeader(token).kid;
    } catch {
      throw EnrollmentError.permanent(ErrorCode.TokenMalformed, 'The bearer token is not a well-formed JWT');
    }
    const payload = await this.verifySignature(token);
    const upn = payload[this.trust.upnClaim];
    if (typeof upn !== 'string' || !UPN.test(upn)) {
      throw EnrollmentError.permanent(ErrorCode.TokenInvalid, `The token has no valid '${this.trust.upnClaim}' claim`);
    }
    return {
      upn: upn.toLowerCase(),
      issuer: this.trust.issuer,
      keyId,
      expiresAt: new Date((payload.exp ?? 0) * 1000).toISOString(),
    };
  }

  private async verifySignature(token: string, fresh = false): Promise<JWTPayload> {
    const keySet = createLocalJWKSet(await this.keys.get(fresh));
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: ['RS256'],
        issuer: this.trust.issuer,
        audience: this.trust.audience,
        requiredClaims: ['exp'],
        clockTolerance: 60,
      });
      return payload;
    } catch (error) {
      // An unknown key id may be a rollover at AD FS: look at the key set once more before refusing.
      if (error instanceof errors.JWKSNoMatchingKey && !fresh) return this.verifySignature(token, true);
      throw mapJoseError(error);
    }
  }
}

function mapJoseError(error: unknown): EnrollmentError {
  if (error instanceof EnrollmentError) return error;
  if (error instanceof errors.JWTExpired) {
    return EnrollmentError.permanent(ErrorCode.TokenExpired, 'The token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return EnrollmentError.permanent(ErrorCode.TokenInvalid, `The token's '${error.claim}' claim is not accepted`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return EnrollmentError.permanent(ErrorCode.TokenInvalid, 'The token signature does not verify');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return EnrollmentError.permanent(ErrorCode.TokenInvalid, 'The token was not signed by a trusted AD FS key');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return EnrollmentError.permanent(ErrorCode.TokenInvalid, 'The token must be signed with RS256');
  }
  return EnrollmentError.permanent(ErrorCode.TokenMalformed, 'The bearer token is not a well-formed JWT');
}
