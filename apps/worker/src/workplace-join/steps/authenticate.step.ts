import { Injectable } from '@nestjs/common';
import { IdentityPolicy } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { JoinContext, LeaveContext } from '../workplace-join.context';

/** Re-checks the AD FS identity when the job runs: key still published, UPN domain allowed. */
@Injectable()
export class AuthenticateStep implements Step<JoinContext | LeaveContext> {
  readonly name = 'authenticate' as const;

  constructor(private readonly policy: IdentityPolicy) {}

  async run(context: JoinContext | LeaveContext) {
    await this.policy.check(context.job.identity);
    return { Issuer: context.job.identity.issuer };
  }
}
