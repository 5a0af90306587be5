import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { X509Certificate } from 'node:crypto';
import proxyAddr from 'proxy-addr';
import {
  APP_CONFIG,
  AppConfig,
  CertificateRecord,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  MdmEnrollment,
  MdmEnrollmentRepository,
  MdmManagement,
  PkiService,
} from '@app/enrollment';
import { CertificateCache } from './certificate-cache';
import { presentedCertificate } from './presented-certificate';

export interface AuthenticatedDevice {
  /** The active device object. */
  device: DeviceObject;
  /** Enrolled over MS-MDE2. */
  enrollment: MdmEnrollment & { management: MdmManagement };
  certificate: { serialNumber: string; notAfter: string; thumbprint: string };
}

const refused = (reason: string) => EnrollmentError.permanent(ErrorCode.DeviceCertificateRefused, reason);

/**
 * Who is talking, by the certificate this service issued to the device: presented on the TLS connection
 * or passed on by a trusted proxy, issued by our CA and within its dates, on record and not revoked, its
 * subject the id of an active device object enrolled over MS-MDE2. The device's current certificate is
 * accepted, and so is an older one of the same object that is not revoked yet: after a renewal the
 * previous certificate stays valid for its grace period, until the revocation that ends it.
 */
@Injectable()
export class DeviceCertificateAuth {
  private readonly trustedProxy: (address: string) => boolean;
  private readonly cache = new CertificateCache();
  private ca?: { pem: string; certificate: X509Certificate; issued: WeakSet<X509Certificate> };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly pki: PkiService,
    private readonly certificates: CertificateRepository,
    private readonly devices: DeviceRepository,
    private readonly enrollments: MdmEnrollmentRepository,
  ) {
    const trust = config.http.trustedProxies.length > 0 ? proxyAddr.compile(config.http.trustedProxies) : () => false;
    this.trustedProxy = (address) => trust(address, 0);
  }

  /** The device presenting its certificate on this request, or an EnrollmentError (401 none, 403 anything else). */
  async authenticate(request: Request): Promise<AuthenticatedDevice> {
    const presented = presentedCertificate(request, this.trustedProxy, this.cache.reader);
    if (presented.kind === 'none') {
      throw EnrollmentError.permanent(ErrorCode.DeviceCertificateRequired, 'This path needs the device certificate this service issued, presented over TLS');
    }
    if (presented.kind === 'unreadable') throw refused('The client certificate cannot be read');
    const { certificate } = presented;
    this.checkChain(certificate);
    const serialNumber = serialOf(certificate);
    const record = await this.certificates.get(serialNumber);
    if (!record || !sameCertificate(record, certificate)) throw refused('The client certificate is not one this service issued');
    if (record.status === 'revoked') throw refused(`Certificate ${serialNumber} is revoked`);
    const deviceObjectId = commonNameOf(certificate);
    if (deviceObjectId !== record.deviceObjectId) throw refused(`Certificate ${serialNumber} does not name its device object`);
    const device = await this.devices.get(deviceObjectId);
    if (device?.status !== 'active') throw refused(`Certificate ${serialNumber} belongs to no active device`);
    if (!(await this.isCurrentOrPrevious(device, record))) throw refused(`Certificate ${serialNumber} is not the device's certificate`);
    const enrollment = await this.enrollments.forDevice(device.id);
    if (!enrollment?.management) throw refused(`Device ${device.id} is not enrolled over MS-MDE2`);
    return {
      device,
      enrollment: { ...enrollment, management: enrollment.management },
      certificate: { serialNumber, notAfter: record.notAfter, thumbprint: record.thumbprintSha1 },
    };
  }

  /** Issued by our CA, signed by its key (checked once per certificate read and CA), and within its validity dates. */
  private checkChain(certificate: X509Certificate): void {
    const ca = this.caCertificate();
    if (!ca.issued.has(certificate)) {
      if (!certificate.checkIssued(ca.certificate) || !certificate.verify(ca.certificate.publicKey))
        throw refused('The client certificate was not issued by this service');
      ca.issued.add(certificate);
    }
    const now = Date.now();
    if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) throw refused('The client certificate is outside its validity dates');
  }

  /** A certificate that is not the current one counts only while unrevoked and older than the current one. */
  private async isCurrentOrPrevious(device: DeviceObject, record: CertificateRecord): Promise<boolean> {
    if (device.certificate.serialNumber === record.serialNumber) return true;
    const current = await this.certificates.get(device.certificate.serialNumber);
    return current !== null && Date.parse(record.notBefore) <= Date.parse(current.notBefore);
  }

  private caCertificate(): { certificate: X509Certificate; issued: WeakSet<X509Certificate> } {
    const pem = this.pki.caPem;
    if (this.ca?.pem !== pem) this.ca = { pem, certificate: new X509Certificate(pem), issued: new WeakSet() };
    return this.ca;
  }
}

/** The serial as the certificate store keys it: lower-case hex without leading zero bytes. */
function serialOf(certificate: X509Certificate): string {
  return certificate.serialNumber.toLowerCase().replace(/^(00)+(?=[0-9a-f])/, '');
}

function sameCertificate(record: CertificateRecord, certificate: X509Certificate): boolean {
  return record.thumbprintSha256.replace(/:/g, '').toLowerCase() === certificate.fingerprint256.replace(/:/g, '').toLowerCase();
}

function commonNameOf(certificate: X509Certificate): string | undefined {
  return /^CN=(.*)$/m.exec(certificate.subject)?.[1];
}
