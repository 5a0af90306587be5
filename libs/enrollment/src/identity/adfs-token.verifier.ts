import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, JWTPayload } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { VerifiedIdentity } from '../workplace-join/workplace-join.schema';
import { isUpn } from '../validation/field-rules';
import { JwksSource } from './jwks-source';

export interface AdfsTrustSettings {
  issuer: string;
  audience: string;
  upnClaim: string;
  /** Longest `exp - iat` accepted, in seconds. */
  maxTokenLifetimeS: number;
}

const CLOCK_TOLERANCE_S = 60;

/** Verifies AD FS access tokens: RS256 only, issuer, audience, expiry, issue time and lifetime, and a UPN claim. */
export class AdfsTokenVerifier {
  constructor(
    private readonly trust: AdfsTrustSettings,
    private readonly keys: JwksSource,
  ) {}

  /** Returns the identity the token proves, or throws a 401-class EnrollmentError. */
  async verify(token: string): Promise<VerifiedIdentity> {
    let keyId: unknown;
    try {
      keyId = decodeProtectedHeader(token).kid;
    } catch {
      throw EnrollmentError.permanent(ErrorCode.TokenMalformed, 'The bearer token is not a well-formed JWT');
    }
    // The key id travels with the identity into job data, whose schema wants a string.
    if (keyId !== undefined && typeof keyId !== 'string') {
      throw EnrollmentError.permanent(ErrorCode.TokenMalformed, "The token's key id (kid) is not a string");
    }
    const payload = await this.verifySignature(token);
    this.checkTokenAge(payload);
    const upn = payload[this.trust.upnClaim];
    if (typeof upn !== 'string' || !isUpn(upn)) {
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
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      return payload;
    } catch (error) {
      // An unknown key id may be a rollover at AD FS: look at the key set once more before refusing.
      if (error instanceof errors.JWKSNoMatchingKey && !fresh) return this.verifySignature(token, true);
      throw mapJoseError(error);
    }
  }

  /** A stolen long-lived or post-dated token must not outlive what AD FS would issue. */
  private checkTokenAge(payload: JWTPayload): void {
    // AD FS always sets iat; a token without one could claim any lifetime, so it is refused.
    if (typeof payload.iat !== 'number') {
      throw EnrollmentError.permanent(ErrorCode.TokenInvalid, "The token has no 'iat' claim");
    }
    if (payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) {
      throw EnrollmentError.permanent(ErrorCode.TokenInvalid, `The token's 'iat' claim is in the future (beyond the ${CLOCK_TOLERANCE_S} s clock skew)`);
    }
    const lifetime = payload.exp! - payload.iat;
    if (lifetime > this.trust.maxTokenLifetimeS) {
      throw EnrollmentError.permanent(
        ErrorCode.TokenInvalid,
        `The token's lifetime (exp - iat) of ${lifetime} s exceeds the ${this.trust.maxTokenLifetimeS} s allowed`,
      );
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
