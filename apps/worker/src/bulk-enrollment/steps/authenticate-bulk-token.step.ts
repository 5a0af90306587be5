import { Injectable } from '@nestjs/common';
import { BulkTokenRepository, ConsumeOutcome, DeviceRepository, EnrollmentError, ErrorCode, ProvisioningPackageRepository } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext } from '../bulk-enrollment.context';

const REFUSALS: Record<Exclude<ConsumeOutcome, 'OK'>, [ErrorCode, string]> = {
  UNKNOWN: [ErrorCode.BulkTokenInvalid, 'The bulk token no longer exists'],
  REVOKED: [ErrorCode.BulkTokenRevoked, 'The bulk token was revoked while the request waited'],
  EXPIRED: [ErrorCode.BulkTokenExpired, 'The bulk token expired while the request waited'],
  EXHAUSTED: [ErrorCode.BulkTokenExhausted, 'The bulk token has no uses left'],
};

/**
 * Checks the bulk token again when the job runs (by id: its value is never in job data) and counts this
 * device's use of it, once per device however often the step runs.
 */
@Injectable()
export class AuthenticateBulkTokenStep implements Step<BulkContext> {
  readonly name = 'authenticate' as const;

  constructor(
    private readonly tokens: BulkTokenRepository,
    private readonly packages: ProvisioningPackageRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async run(context: BulkContext) {
    const { job } = context;
    await this.restore(context);
    // A renewal is authenticated by the device's certificate (at the orchestrator), not by the token.
    if (job.renew) return { PackageName: context.package!.name, Renewal: true };
    if (context.package!.bulkTokenId !== job.tokenId) {
      throw EnrollmentError.permanent(ErrorCode.BulkTokenWrongPackage, 'The bulk token does not belong to the package');
    }
    const outcome = await this.tokens.consume(job.tokenId, context.deviceSubject, Date.now());
    if (outcome !== 'OK') throw EnrollmentError.permanent(...REFUSALS[outcome]);
    return { TokenId: job.tokenId, PackageName: context.package!.name };
  }

  /**
   * Uses count devices enrolled: one whose enrollment failed for good gets its use back, unless the
   * device is enrolled all the same (a failed request for a new certificate leaves it enrolled).
   */
  async compensate(context: BulkContext): Promise<void> {
    if (context.job.renew || (await this.devices.findActive(context.deviceIdentity))) return;
    await this.tokens.refund(context.job.tokenId, context.deviceSubject);
  }

  async restore(context: BulkContext): Promise<void> {
    const pkg = await this.packages.get(context.job.packageId);
    if (!pkg) throw EnrollmentError.permanent(ErrorCode.PackageNotFound, `Provisioning package ${context.job.packageId} was deleted`);
    context.package = pkg;
  }
}
