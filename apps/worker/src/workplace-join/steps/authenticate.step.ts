import { Inject, Injectable } from '@nestjs/common';
import { ADMIN_ISSUER, APP_CONFIG, AppConfig, DeviceRepository, deviceQuotaExceeded, IdentityPolicy } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { JoinContext, LeaveContext } from '../workplace-join.context';

/**
 * Re-checks the AD FS identity when the job runs (key still published, UPN domain allowed); a join also
 * takes one of the user's MAX_DEVICES_PER_USER places, given back if the join fails for good. An
 * administrator's revoke is not held to the user's policy: a lost device whose user's domain was since
 * disallowed must still lose its certificate.
 */
@Injectable()
export class AuthenticateStep implements Step<JoinContext | LeaveContext> {
  readonly name = 'authenticate' as const;

  constructor(
    private readonly policy: IdentityPolicy,
    private readonly devices: DeviceRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(context: JoinContext | LeaveContext) {
    const { identity, deviceId } = context.job;
    const revokedByAdmin = !isJoin(context) && identity.issuer === ADMIN_ISSUER;
    if (!revokedByAdmin) await this.policy.check(identity);
    if (isJoin(context)) {
      const max = this.config.directory.maxDevicesPerUser;
      if (!(await this.devices.claimUserPlace(identity.upn, deviceId, max))) throw deviceQuotaExceeded(max);
    }
    return { Issuer: identity.issuer };
  }

  async compensate(context: JoinContext | LeaveContext): Promise<void> {
    if (isJoin(context)) await this.devices.releaseUserPlace(context.job.identity.upn, context.job.deviceId);
  }
}

function isJoin(context: JoinContext | LeaveContext): context is JoinContext {
  return 'csr' in context;
}
