import { CertificateRecord, DeviceObject, JoinJobData, LeaveJobData, workplaceSubject } from '@app/enrollment';
import { FlowContext } from '../flow/flow.types';

export interface JoinContext extends FlowContext {
  job: JoinJobData;
  certificate?: CertificateRecord;
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
    },
  };
}
