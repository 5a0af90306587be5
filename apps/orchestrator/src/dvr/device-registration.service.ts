import { Inject, Injectable } from '@nestjs/common';
import {
  nameBasedUuid,
  APP_CONFIG,
  AppConfig,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  describeIssues,
  DvrjRegisterRequest,
  DvrjRegisterResponse,
  EnrollmentError,
  ErrorCode,
  Guid,
  pemToDer,
  derToPem,
  renderRegisterResponse,
  validateCsr,
  VerifiedIdentity,
  WORKPLACE_JOIN_TYPE,
  WorkplaceJoinBody,
  WorkplaceJoinBodySchema,
} from '@app/enrollment';
import { RequestOutcomes } from '../requests/request-outcomes.service';
import { WorkplaceJoinProducer } from '../workplace-join/workplace-join.producer';

// The name space of the PC ids made from a domain and a name when the request names no device; never change it.
const PC_NAMESPACE = Buffer.from('9b1f3c2a6e4d4f7a8c0d2e5b7a194c63', 'hex');

export type DeleteOutcome = 'removed' | 'accepted';

/**
 * MS-DVRJ register and delete as Workplace Join and leave: the same producer, flow and rules as the JSON
 * API, answered in the same call once the flow has settled (or a retryable refusal past the deadline).
 */
@Injectable()
export class DeviceRegistration {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: WorkplaceJoinProducer,
    private readonly outcomes: RequestOutcomes,
    private readonly devices: DeviceRepository,
    private readonly certificates: CertificateRepository,
  ) {}

  async register(identity: VerifiedIdentity, request: DvrjRegisterRequest): Promise<DvrjRegisterResponse> {
    if (request.JoinType !== WORKPLACE_JOIN_TYPE) {
      throw EnrollmentError.permanent(
        ErrorCode.EnrollmentRequestUnsupported,
        `JoinType ${request.JoinType} is not served here; only workplace registration (JoinType ${WORKPLACE_JOIN_TYPE}) is`,
      );
    }
    const body = joinBody(identity, request);
    const outcome = await this.producer.join(identity, body, undefined, 'MS-DVRJ');
    if (outcome.kind === 'registered') return this.answer(outcome.device, identity);
    const record = await this.outcomes.settleOrThrow(outcome.requestId, this.config.deviceRegistration.registrationWaitMs, 'registration');
    const device = record?.status === 'succeeded' && record.deviceObjectId ? await this.devices.get(record.deviceObjectId) : null;
    if (!device) {
      throw EnrollmentError.transient(
        ErrorCode.EnrollmentPending,
        `The registration (request ${outcome.requestId}) is still running; send it again to get its answer`,
      );
    }
    return this.answer(device, identity);
  }

  /**
   * Leave for the token's user. `deviceId` is the id the certificate carries (its device object), or the
   * PC's device id as in the JSON API.
   */
  async delete(identity: VerifiedIdentity, deviceId: string): Promise<DeleteOutcome> {
    const object = await this.devices.get(deviceId);
    const own = object?.trustType === 'Workplace' && object.status === 'active' && object.userPrincipalName === identity.upn;
    const { requestId } = await this.producer.leave(identity, own ? object.deviceId : deviceId, undefined, 'MS-DVRJ');
    const record = await this.outcomes.settleOrThrow(requestId, this.config.deviceRegistration.registrationWaitMs, 'removal');
    return record?.status === 'succeeded' ? 'removed' : 'accepted';
  }

  private async answer(device: DeviceObject, identity: VerifiedIdentity): Promise<DvrjRegisterResponse> {
    const certificate = await this.certificates.get(device.certificate.serialNumber);
    if (!certificate)
      throw EnrollmentError.transient(ErrorCode.EnrollmentPending, `The certificate of device ${device.id} is not readable yet; send the request again`);
    return renderRegisterResponse(pemToDer(certificate.pem), identity.upn);
  }
}

/**
 * The Workplace Join body of a register request. The request names no device id: a Windows-shaped CSR
 * carries one (1.3.6.1.4.1.311.66.1.0); otherwise the PC is known by its domain and name, so that a
 * repeat and the PC's other users land on the same device.
 */
function joinBody(identity: VerifiedIdentity, request: DvrjRegisterRequest): WorkplaceJoinBody {
  const csr = derToPem(Buffer.from(request.CertificateRequest.Data, 'base64'), 'CERTIFICATE REQUEST');
  const domain = request.TargetDomain || identity.upn.split('@')[1];
  const requested = validateCsr(csr).requestedDeviceId;
  const deviceId =
    requested && Guid.safeParse(requested).success
      ? requested.toLowerCase()
      : nameBasedUuid(PC_NAMESPACE, `${domain}\\${request.DeviceDisplayName}`.toLowerCase());
  const parsed = WorkplaceJoinBodySchema.safeParse({ deviceId, deviceName: request.DeviceDisplayName, domain, osVersion: request.OSVersion, csr });
  if (!parsed.success) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, describeIssues(parsed.error.issues, 'request'));
  return parsed.data;
}
