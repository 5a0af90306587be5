import { Injectable } from '@nestjs/common';
import { CertificateRepository, DeviceRepository, PkiService, validateCsr } from '@app/enrollment';
import { Step } from '../flow/flow.types';
import { CertificateContext } from './certificate.context';

/**
 * Signs the device certificate, in both flows. The subject is the device object id, from the
 * authenticated request, never from the CSR; a request keeps exactly one certificate however often this
 * runs, and a device that is already registered keeps the certificate it has.
 */
@Injectable()
export class IssueCertificateStep implements Step<CertificateContext> {
  readonly name = 'issue-certificate' as const;

  constructor(
    private readonly pki: PkiService,
    private readonly certificates: CertificateRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async run(context: CertificateContext) {
    const active = await this.devices.findActive(context.deviceIdentity);
    const existing = active && (await this.certificates.get(active.certificate.serialNumber));
    if (existing) {
      context.certificate = existing;
    } else {
      const csr = validateCsr(context.csr);
      const issued = this.pki.issue({
        requestId: context.requestId,
        deviceObjectId: context.deviceObjectId,
        publicKey: csr.publicKey,
        subject: { commonName: context.deviceObjectId },
      });
      context.certificate = await this.certificates.recordForRequest(issued);
    }
    return {
      SerialNumber: context.certificate.serialNumber,
      Thumbprint: context.certificate.thumbprintSha1,
      NotAfter: context.certificate.notAfter,
    };
  }

  async restore(context: CertificateContext): Promise<void> {
    context.certificate = (await this.certificates.forRequest(context.requestId)) ?? undefined;
  }
}
