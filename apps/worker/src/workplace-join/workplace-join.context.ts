import { DeviceObject, JoinJobData, LeaveJobData, workplaceSubject } from '@app/enrollment';
import { FlowContext } from '../flow/flow.types';
import { CertificateContext } from '../shared/certificate.context';

export interface JoinContext extends CertificateContext {
  job: JoinJobData;
  device?: DeviceObject;
}

export interface LeaveContext extends FlowContext {
  job: LeaveJobData;
}

/** Identity of the request as every Workplace Join event shows it. */
export function workplaceFlowContext(job: JoinJobData | LeaveJobData): FlowContext {
  return {
    requestId: job.requestId,
    deviceObjectId: job.deviceObjectId,
    computer: job.deviceName,
    userId: job.identity.upn,
    inFlightSubject: workplaceSubject(job.identity.upn, job.deviceId),
    eventData: {
      UserPrincipalName: job.identity.upn,
      DeviceId: job.deviceId,
      DeviceName: job.deviceName,
      DeviceObjectId: job.deviceObjectId,
      RequestId: job.requestId,
      Protocol: job.protocol ?? 'JSON',
    },
  };
}

export function joinContext(job: JoinJobData): JoinContext {
  return {
    ...workplaceFlowContext(job),
    job,
    csr: job.csr,
    deviceIdentity: { trustType: 'Workplace', upn: job.identity.upn, deviceId: job.deviceId },
  };
}
