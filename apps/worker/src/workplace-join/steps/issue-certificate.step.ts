import { Injectable } from '@nestjs/common';
import { CertificateRepository, DeviceRepository, PkiService, validateCsr } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { JoinContext } from '../workplace-join.context';

/**
 * Signs the device certificate. The subject is the device object id, from the authenticated request,
 * never from the CSR; the request keeps exactly one certificate, however often this runs.
 */
@Injectable()
export class IssueCertificateStep implements Step<JoinContext> {
  readonly name = 'issue-certificate' as const;

  constructor(
    private readonly pki: PkiService,
    private readonly certificates: CertificateRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async run(context: JoinContext) {
    const { job } = context;
    // A registration that already exists for this user@device keeps its certificate.
    const active = await this.devices.findActiveWorkplace(job.identity.upn, job.deviceId);
    const existing = active && (await this.certificates.get(active.certificate.serialNumber));
    if (existing) {
      context.certificate = existing;
    } else {
      const csr = validateCsr(job.csr);
      const issued = this.pki.issue({
        requestId: job.requestId,
        deviceObjectId: job.deviceObjectId,
        publicKey: csr.publicKey,
        subject: { commonName: job.deviceObjectId },
      });
      context.certificate = await this.certificates.recordForRequest(issued);
    }
    return {
      SerialNumber: context.certificate.serialNumber,
      Thumbprint: context.certificate.thumbprintSha1,
      NotAfter: context.certificate.notAfter,
    };
  }

  async restore(context: JoinContext): Promise<void> {
    context.certificate = (await this.certificates.forRequest(context.requestId)) ?? undefined;
  }
}
