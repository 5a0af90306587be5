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

/**
 * The `wsse:UsernameToken` of MS-XCEP and MS-WSTEP: the package's enrollment account (its UPN) and secret
 * (its bulk token). Both must match one package; the answer never says which of the two was wrong.
 */
@Injectable()
export class EnrollmentAccounts {
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
    // Several packages may share the account and token; the oldest one decides, so a device always lands in the same one.
    const pkg = (await this.packages.forEnrollmentAccount(credentials.username)).find((candidate) => candidate.bulkTokenId === token.id);
    if (!pkg) throw EnrollmentError.permanent(ErrorCode.EnrollmentAccountInvalid, REFUSED);
    return { package: pkg, token };
  }
}
