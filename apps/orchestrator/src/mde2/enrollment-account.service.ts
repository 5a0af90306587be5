import { Injectable } from '@nestjs/common';
import {
  BulkTokenRecord,
  BulkTokenService,
  EnrollmentError,
  ErrorCode,
  ProvisioningPackageRecord,
  ProvisioningPackageRepository,
  UsernameCredentials,
} from '@app/enrollment';

export interface EnrollmentAccount {
  package: ProvisioningPackageRecord;
  token: BulkTokenRecord;
}

const REFUSED = 'The enrollment account or its secret is not valid';
/** Packages found by account and token, kept: a package never changes nor goes once made. */
const KNOWN_PACKAGES_MAX = 1000;

/**
 * The `wsse:UsernameToken` of MS-XCEP and MS-WSTEP: the package's enrollment account (its UPN) and secret
 * (its bulk token). Both must match one package; the answer never says which of the two was wrong.
 */
@Injectable()
export class EnrollmentAccounts {
  private readonly known = new Map<string, ProvisioningPackageRecord>();

  constructor(
    private readonly packages: ProvisioningPackageRepository,
    private readonly bulkTokens: BulkTokenService,
  ) {}

  async authenticate(credentials: UsernameCredentials | undefined): Promise<EnrollmentAccount> {
    if (!credentials) {
      throw EnrollmentError.permanent(ErrorCode.EnrollmentSecurityMissing, 'The message carries no wsse:Security header with a UsernameToken');
    }
    // The token first: an expired or revoked one is an Authorization fault whatever the account.
    const token = await this.bulkTokens.authenticate(credentials.password).catch((error: unknown) => {
      if (error instanceof EnrollmentError && error.code === ErrorCode.BulkTokenInvalid) {
        throw EnrollmentError.permanent(ErrorCode.EnrollmentAccountInvalid, REFUSED);
      }
      throw error;
    });
    const pkg = await this.packageOf(credentials.username, token.id);
    if (!pkg) throw EnrollmentError.permanent(ErrorCode.EnrollmentAccountInvalid, REFUSED);
    return { package: pkg, token };
  }

  /** Several packages may share the account and token; the oldest one decides, so a device always lands in the same one. */
  private async packageOf(upn: string, tokenId: string): Promise<ProvisioningPackageRecord | undefined> {
    const key = `${upn.toLowerCase()}|${tokenId}`;
    const known = this.known.get(key);
    if (known) return known;
    const pkg = (await this.packages.forEnrollmentAccount(upn)).find((candidate) => candidate.bulkTokenId === tokenId);
    if (pkg) {
      if (this.known.size >= KNOWN_PACKAGES_MAX) this.known.delete(this.known.keys().next().value!);
      this.known.set(key, pkg);
    }
    return pkg;
  }
}
