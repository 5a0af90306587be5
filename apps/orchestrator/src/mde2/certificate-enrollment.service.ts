import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  AppConfig,
  BulkEnrollmentBodySchema,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  describeIssues,
  EnrollJobSchema,
  EnrollmentError,
  ErrorCode,
  EventRecorder,
  MDM_ENROLL_SUCCEEDED,
  MdmEnrollmentRepository,
  mdmNonceBox,
  MDM_PROVIDER_ID,
  mde2Urls,
  openManagementNonces,
  pemToDer,
  derToPem,
  PkiService,
  renderProvisioningDoc,
  RequestSecurityToken,
  SecretBox,
} from '@app/enrollment';
import { BulkEnrollmentProducer, SelfEnrollment } from '../bulk-enrollment/bulk-enrollment.producer';
import { RequestOutcomes } from '../requests/request-outcomes.service';
import { EnrollmentAccounts } from './enrollment-account.service';
import { sameKey } from './same-key';

/** Windows' default: renew 42 days before expiry, retrying every 7 days (CertificateStore/My/WSTEP/Renew). */
const RENEWAL_PERIOD_DAYS = 42;
const RENEWAL_RETRY_INTERVAL_DAYS = 7;

/** The AdditionalContext items this service reads; every other item is kept by the codec and ignored here. */
interface DeviceContext {
  deviceId: string;
  deviceName?: string;
  enrollmentType?: string;
  osVersion?: string;
  osEdition?: string;
  hardwareId?: string;
  macAddresses: string[];
}

export interface EnrollmentAnswer {
  provisioningDoc: string;
  requestId: string;
}

/**
 * MS-WSTEP RequestSecurityToken as a bulk enrollment: the account and secret name the package and its
 * token, the DeviceID is the device's key in the package, and the answer waits for the flow so that the
 * device gets its certificate and provisioning document in the same HTTP exchange.
 */
@Injectable()
export class CertificateEnrollment {
  private readonly nonces: SecretBox;
  private ca?: { pem: string; der: Buffer };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: EnrollmentAccounts,
    private readonly producer: BulkEnrollmentProducer,
    private readonly outcomes: RequestOutcomes,
    private readonly devices: DeviceRepository,
    private readonly certificates: CertificateRepository,
    private readonly enrollments: MdmEnrollmentRepository,
    private readonly pki: PkiService,
    private readonly recorder: EventRecorder,
  ) {
    this.nonces = mdmNonceBox(config.pki.passphrase);
  }

  /** `onRequest` learns the request id as soon as there is one, so that a fault can name it. */
  async enroll(rst: RequestSecurityToken, onRequest: (requestId: string) => void = () => {}): Promise<EnrollmentAnswer> {
    if (!/issue$/i.test(rst.requestType)) {
      throw EnrollmentError.permanent(ErrorCode.EnrollmentRequestUnsupported, `RequestType ${rst.requestType} is not served here; send Issue`);
    }
    const token = rst.binarySecurityToken;
    if (token?.kind !== 'pkcs10') {
      throw EnrollmentError.permanent(ErrorCode.CsrMalformed, 'The BinarySecurityToken must be a base64 PKCS#10 certificate request');
    }
    const device = deviceContext(rst.context);
    const account = await this.accounts.authenticate(rst.credentials);
    const body = checked(BulkEnrollmentBodySchema, {
      packageId: account.package.id,
      serialNumber: device.deviceId,
      hardwareId: device.hardwareId,
      osVersion: device.osVersion,
      csr: derToPem(Buffer.from(token.base64, 'base64'), 'CERTIFICATE REQUEST'),
    });
    const reported = reportedBy(device);
    const origin = { owner: `bulk-token:${account.token.id}` };
    let outcome = await this.producer.enroll(account.token, body, origin, { reported });
    if (outcome.kind === 'enrolled') {
      // Enrolled already: the same key gets what it has, a new key a new certificate for the same device.
      const current = await this.certificates.get(outcome.device.certificate.serialNumber);
      if (current && sameKey(current.pem, body.csr)) return this.answer(outcome.device, device);
      const reenroll = { certificateSerial: outcome.device.certificate.serialNumber };
      outcome = await this.producer.enroll(account.token, body, origin, { reported, reenroll });
      if (outcome.kind === 'enrolled') return this.answer(outcome.device, device);
    }
    onRequest(outcome.requestId);
    const record = await this.outcomes.settleOrThrow(outcome.requestId, this.config.mde2.enrollmentWaitMs, 'enrollment');
    const enrolled = record?.status === 'succeeded' && record.deviceObjectId ? await this.devices.get(record.deviceObjectId) : null;
    if (!enrolled) {
      throw EnrollmentError.transient(
        ErrorCode.EnrollmentPending,
        `The enrollment (request ${outcome.requestId}) is still running; retry and it continues where it is`,
      );
    }
    return this.answer(enrolled, device);
  }

  private async answer(device: DeviceObject, reported: DeviceContext): Promise<EnrollmentAnswer> {
    const [certificate, enrollment] = await Promise.all([this.certificates.get(device.certificate.serialNumber), this.enrollments.forDevice(device.id)]);
    if (!certificate || !enrollment?.management) {
      throw EnrollmentError.permanent(
        ErrorCode.EnrollmentRequestUnsupported,
        `Device object ${device.id} was not enrolled over MS-MDE2, so it has no management document`,
      );
    }
    const { clientNonce, serverNonce } = openManagementNonces(enrollment, this.nonces);
    const provisioningDoc = renderProvisioningDoc({
      caCertificateDer: this.caDer(),
      deviceCertificateDer: pemToDer(certificate.pem),
      certificateStore: enrollment.management.certificateStore,
      // The certificate step names the certificate after the device object.
      deviceCommonName: device.id,
      providerId: MDM_PROVIDER_ID,
      managementUrl: mde2Urls(this.config.http.publicUrl).management,
      clientNonce,
      serverNonce,
      renewalPeriodDays: RENEWAL_PERIOD_DAYS,
      renewalRetryIntervalDays: RENEWAL_RETRY_INTERVAL_DAYS,
    });
    await this.recorder.record(MDM_ENROLL_SUCCEEDED, {
      activityId: device.requestId,
      computer: device.displayName,
      deviceObjectId: device.id,
      data: {
        DeviceName: device.displayName,
        MdmDeviceId: enrollment.management.mdmDeviceId,
        EnrollmentType: reported.enrollmentType,
        DeviceObjectId: device.id,
      },
    });
    return { provisioningDoc, requestId: device.requestId };
  }

  /** The CA certificate as DER, converted again only when the CA changes. */
  private caDer(): Buffer {
    const pem = this.pki.caPem;
    if (this.ca?.pem !== pem) this.ca = { pem, der: pemToDer(pem) };
    return this.ca.der;
  }
}

/** The AdditionalContext items this service reads, by name ignoring case (Windows' casing has varied). */
function deviceContext(context: Record<string, string[]>): DeviceContext {
  const lower = new Map(Object.entries(context).map(([name, values]) => [name.toLowerCase(), values]));
  const first = (name: string) => lower.get(name.toLowerCase())?.find((value) => value !== '');
  const deviceId = first('DeviceID');
  if (!deviceId) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'AdditionalContext has no DeviceID');
  return {
    deviceId,
    deviceName: first('DeviceName'),
    enrollmentType: first('EnrollmentType'),
    osVersion: first('OSVersion'),
    osEdition: first('OSEdition'),
    hardwareId: first('HWDevID'),
    macAddresses: [...(lower.get('mac') ?? []), ...(lower.get('macaddress') ?? [])].filter(Boolean),
  };
}

/** What the device says about itself, checked by the job's own rules. */
function reportedBy(device: DeviceContext): SelfEnrollment['reported'] {
  return checked(EnrollJobSchema.shape.reported, {
    deviceName: device.deviceName,
    mdmDeviceId: device.deviceId,
    enrollmentScope: /^full$/i.test(device.enrollmentType ?? '') ? 'user' : 'device',
    osEdition: device.osEdition,
    macAddresses: device.macAddresses.length > 0 ? device.macAddresses : undefined,
  });
}

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, describeIssues(parsed.error.issues, 'AdditionalContext'));
  return parsed.data;
}
