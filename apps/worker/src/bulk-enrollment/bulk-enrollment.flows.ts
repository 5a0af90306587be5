import { Injectable } from '@nestjs/common';
import { assertFlowMatchesContract, FlowDefinition } from '../flow/flow.types';
import { IssueCertificateStep } from '../shared/issue-certificate.step';
import { BulkContext } from './bulk-enrollment.context';
import { AuthenticateBulkTokenStep } from './steps/authenticate-bulk-token.step';
import { EnrollMdmStep } from './steps/enroll-mdm.step';
import { JoinDirectoryStep } from './steps/join-directory.step';
import { ResolveNameStep } from './steps/resolve-name.step';

/** Bulk enrollment, read top to bottom as its ordered steps. */
@Injectable()
export class BulkEnrollmentFlows {
  readonly enroll: FlowDefinition<BulkContext>;

  constructor(
    authenticate: AuthenticateBulkTokenStep,
    resolveName: ResolveNameStep,
    issueCertificate: IssueCertificateStep,
    joinDirectory: JoinDirectoryStep,
    enrollMdm: EnrollMdmStep,
  ) {
    this.enroll = {
      name: 'bulk-enrollment',
      steps: [authenticate, resolveName, issueCertificate, joinDirectory, enrollMdm],
    };
    assertFlowMatchesContract(this.enroll);
  }
}
