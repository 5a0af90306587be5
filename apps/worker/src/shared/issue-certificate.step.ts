import { Injectable } from '@nestjs/common';
import {
  CertificateRecord,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  PkiService,
  userObjectId,
  validateCsr,
} from '@app/enrollment';
import { Step } from '../flow/flow.types';
import { CertificateContext } from './certificate.context';

/**
 * Signs the device certificate, in both flows. The subject is the device object id, from the
 * authenticated request, never from the CSR; a request keeps exactly one certificate however often this
 * runs, and a device that is already registered keeps the certificate it has, unless the request
 * replaces it: then the same device object gets a new one (its old one is revoked when it is replaced).
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
    if (active && context.replacesCertificate !== undefined) {
      context.certificate = await this.replace(context, active, context.replacesCertificate);
    } else {
      const existing = active ? await this.certificates.get(active.certificate.serialNumber) : null;
      context.certificate = existing ?? (await this.issue(context, context.deviceObjectId));
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

  /** The request's own certificate if it already made one, else a new one, for the device object that has `replaced`. */
  private async replace(context: CertificateContext, active: DeviceObject, replaced: string): Promise<CertificateRecord> {
    const made = await this.certificates.forRequest(context.requestId);
    if (made) return made;
    if (active.certificate.serialNumber !== replaced) {
      throw EnrollmentError.permanent(
        ErrorCode.ValidationFailed,
        `Certificate ${replaced} is not the current certificate of device ${active.id}; only that one can be replaced`,
      );
    }
    return this.issue(context, active.id);
  }

  private async issue(context: CertificateContext, deviceObjectId: string): Promise<CertificateRecord> {
    const csr = validateCsr(context.csr);
    const workplace = context.deviceIdentity.trustType === 'Workplace' ? context.deviceIdentity : undefined;
    const issued = this.pki.issue({
      requestId: context.requestId,
      deviceObjectId,
      publicKey: csr.publicKey,
      subject: { commonName: deviceObjectId },
      // Microsoft's registration clients read a Workplace Join certificate's device and user ids from its extensions.
      directoryIds: workplace ? { deviceId: deviceObjectId, userId: userObjectId(workplace.upn) } : undefined,
    });
    return this.certificates.recordForRequest(issued);
  }
}
