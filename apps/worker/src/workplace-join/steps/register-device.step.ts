import { Injectable } from '@nestjs/common';
import { certificateRef, DeviceRepository, EnrollmentError, ErrorCode, RequestRepository } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { JoinContext } from '../workplace-join.context';

/** Creates the user@device object (trustType Workplace), or finds the one that already exists. */
@Injectable()
export class RegisterDeviceStep implements Step<JoinContext> {
  readonly name = 'register-device' as const;

  constructor(
    private readonly devices: DeviceRepository,
    private readonly requests: RequestRepository,
  ) {}

  async run(context: JoinContext) {
    const { job, certificate } = context;
    const active = await this.devices.findActive(context.deviceIdentity);
    let device = active;
    if (!device) {
      if (!certificate) {
        throw EnrollmentError.transient(ErrorCode.Internal, 'No certificate was recorded for this request');
      }
      ({ device } = await this.devices.register({
        id: job.deviceObjectId,
        trustType: 'Workplace',
        status: 'active',
        deviceId: job.deviceId,
        displayName: job.deviceName,
        userPrincipalName: job.identity.upn,
        domain: job.domain,
        osVersion: job.osVersion,
        certificate: certificateRef(certificate),
        requestId: job.requestId,
        sccm: job.sccm,
        registeredAt: new Date().toISOString(),
      }));
    }
    if (device.id !== job.deviceObjectId) await this.requests.attachDevice(job.requestId, device.id);
    context.device = device;
    return { DeviceObjectId: device.id, TrustType: device.trustType };
  }
}
