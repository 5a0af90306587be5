import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { X509Certificate } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  derToPem,
  EnrollmentError,
  ErrorCode,
  MDM_PROVIDER_ID,
  pemToDer,
  PkiService,
  readRenewalRequest,
  renderRenewalProvisioningDoc,
  RequestSecurityToken,
} from '@app/enrollment';
import { BulkEnrollmentProducer } from '../bulk-enrollment/bulk-enrollment.producer';
import { AuthenticatedDevice, DeviceCertificateAuth } from '../device-auth/device-certificate.auth';
import { RequestOutcomes } from '../requests/request-outcomes.service';
import type { EnrollmentAnswer } from './certificate-enrollment.service';
import { sameKey } from './same-key';

/**
 * MS-WSTEP Renew: the device presents its certificate (on the TLS connection or through a trusted proxy)
 * and sends a new PKCS#10 inside a PKCS#7 signed with that certificate's key. The bulk enrollment flow
 * gives the same device object a new certificate and schedules the old one's revocation after the grace
 * period; the answer carries the new certificate only, as Windows expects of a renewal.
 */
@Injectable()
export class CertificateRenewal {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: DeviceCertificateAuth,
    private readonly producer: BulkEnrollmentProducer,
    private readonly outcomes: RequestOutcomes,
    private readonly devices: DeviceRepository,
    private readonly certificates: CertificateRepository,
    private readonly pki: PkiService,
  ) {}

  async renew(request: Request, rst: RequestSecurityToken, onRequest: (requestId: string) => void = () => {}): Promise<EnrollmentAnswer> {
    const authenticated = await this.auth.authenticate(request);
    const token = rst.binarySecurityToken;
    if (token?.kind !== 'pkcs7') {
      throw EnrollmentError.permanent(ErrorCode.CsrMalformed, 'A renewal sends its certificate request as a base64 PKCS#7 (ValueType …#PKCS7)');
    }
    const renewal = readRenewalRequest(Buffer.from(token.base64, 'base64'));
    const presented = await this.certificates.get(authenticated.certificate.serialNumber);
    if (!presented || !renewal.isSignedBy(new X509Certificate(presented.pem).publicKey)) {
      throw EnrollmentError.permanent(ErrorCode.CsrSignatureInvalid, 'The renewal request is not signed with the key of the certificate presented');
    }
    const csr = derToPem(renewal.csrDer, 'CERTIFICATE REQUEST');
    const { device } = authenticated;
    // The answer was lost and the device asks again with the same new key: it gets what was issued.
    const current = await this.certificates.get(device.certificate.serialNumber);
    if (current && sameKey(current.pem, csr)) return this.answer(device, authenticated);
    if (authenticated.certificate.serialNumber !== device.certificate.serialNumber) {
      throw EnrollmentError.permanent(ErrorCode.DeviceCertificateRefused, "Only the device's current certificate can be renewed; a newer one was issued");
    }
    const { management } = authenticated.enrollment;
    const accepted = await this.producer.renew(device, csr, {
      deviceName: device.displayName,
      mdmDeviceId: management.mdmDeviceId,
      enrollmentScope: management.certificateStore === 'User' ? 'user' : 'device',
    });
    onRequest(accepted.requestId);
    const record = await this.outcomes.settleOrThrow(accepted.requestId, this.config.mde2.enrollmentWaitMs, 'renewal');
    const renewed = record?.status === 'succeeded' ? await this.devices.get(device.id) : null;
    if (!renewed || renewed.certificate.serialNumber === device.certificate.serialNumber) {
      throw EnrollmentError.transient(
        ErrorCode.EnrollmentPending,
        `The renewal (request ${accepted.requestId}) is still running; retry and it continues where it is`,
      );
    }
    return this.answer(renewed, authenticated, accepted.requestId);
  }

  private async answer(device: DeviceObject, authenticated: AuthenticatedDevice, requestId = device.requestId): Promise<EnrollmentAnswer> {
    const certificate = await this.certificates.get(device.certificate.serialNumber);
    if (!certificate) throw EnrollmentError.transient(ErrorCode.Internal, `The certificate of device ${device.id} is not on record`);
    const provisioningDoc = renderRenewalProvisioningDoc({
      caCertificateDer: pemToDer(this.pki.caPem),
      deviceCertificateDer: pemToDer(certificate.pem),
      certificateStore: authenticated.enrollment.management.certificateStore,
      providerId: MDM_PROVIDER_ID,
    });
    return { provisioningDoc, requestId };
  }
}
