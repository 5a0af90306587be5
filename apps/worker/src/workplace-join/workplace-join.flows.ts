import { Injectable } from '@nestjs/common';
import { assertFlowMatchesContract, FlowDefinition } from '../flow/flow.types';
import { AuthenticateStep } from './steps/authenticate.step';
import { IssueCertificateStep } from '../shared/issue-certificate.step';
import { RegisterDeviceStep } from './steps/register-device.step';
import { RemoveDeviceStep } from './steps/remove-device.step';
import { RevokeCertificateStep } from './steps/revoke-certificate.step';
import { JoinContext, LeaveContext } from './workplace-join.context';

/** The two Workplace Join flows, read top to bottom as their ordered steps. */
@Injectable()
export class WorkplaceJoinFlows {
  readonly join: FlowDefinition<JoinContext>;
  readonly leave: FlowDefinition<LeaveContext>;

  constructor(
    authenticate: AuthenticateStep,
    issueCertificate: IssueCertificateStep,
    registerDevice: RegisterDeviceStep,
    revokeCertificate: RevokeCertificateStep,
    removeDevice: RemoveDeviceStep,
  ) {
    this.join = { name: 'workplace-join', steps: [authenticate, issueCertificate, registerDevice] };
    this.leave = { name: 'workplace-leave', steps: [authenticate, revokeCertificate, removeDevice] };
    assertFlowMatchesContract(this.join);
    assertFlowMatchesContract(this.leave);
  }
}
