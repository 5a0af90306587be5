import { Injectable } from '@nestjs/common';
import { DeviceRepository, PkiService } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { LeaveContext } from '../workplace-join.context';

/** Revokes the leaving user's certificate; the CRL is re-signed before this step reports success. */
@Injectable()
export class RevokeCertificateStep implements Step<LeaveContext> {
  readonly name = 'revoke-certificate' as const;

  constructor(
    private readonly devices: DeviceRepository,
    private readonly pki: PkiService,
  ) {}

  async run(context: LeaveContext) {
    const device = await this.devices.get(context.job.deviceObjectId);
    if (!device) return { SerialNumber: undefined };
    await this.pki.revoke(device.certificate.serialNumber);
    return { SerialNumber: device.certificate.serialNumber };
  }
}
