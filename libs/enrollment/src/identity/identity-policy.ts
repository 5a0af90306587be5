import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { VerifiedIdentity } from '../workplace-join/workplace-join.schema';
import { JwksSource } from './jwks-source';

/**
 * The worker's authentication step: the API proved the token, this re-checks that the identity is still
 * acceptable when the job runs (the AD FS key is still published, the UPN's domain is allowed).
 */
export class IdentityPolicy {
  private readonly allowedUpnDomains: readonly string[];

  constructor(
    allowedUpnDomains: readonly string[],
    private readonly keys: JwksSource,
  ) {
    this.allowedUpnDomains = allowedUpnDomains.map((domain) => domain.toLowerCase());
  }

  async check(identity: VerifiedIdentity): Promise<void> {
    const domain = identity.upn.slice(identity.upn.lastIndexOf('@') + 1).toLowerCase();
    if (this.allowedUpnDomains.length > 0 && !this.allowedUpnDomains.includes(domain)) {
      throw EnrollmentError.permanent(
        ErrorCode.UpnDomainNotAllowed,
        `Users of domain '${domain}' may not register devices (allowed: ${this.allowedUpnDomains.join(', ')})`,
      );
    }
    if (!identity.keyId) return;
    if (await this.published(identity.keyId, false)) return;
    // Within the source's refresh cooldown this second look is the cached set again. Only a key published
    // and used within that window would then read as withdrawn; AD FS publishes its next key days ahead.
    if (await this.published(identity.keyId, true)) return;
    throw EnrollmentError.permanent(ErrorCode.IdentityKeyRevoked, 'The AD FS key that signed the user token is no longer published');
  }

  private async published(keyId: string, fresh: boolean): Promise<boolean> {
    const set = await this.keys.get(fresh);
    return set.keys.some((key) => key.kid === keyId);
  }
}
