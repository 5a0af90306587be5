import { Controller, Get, HttpStatus, Param, UseGuards } from '@nestjs/common';
import {
  CertificateRecord,
  CertificateRepository,
  DeviceObject,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  MdmEnrollmentRepository,
  RequestRepository,
} from '@app/enrollment';
import { AnyCredentialGuard } from '../auth/auth.guards';
import { CurrentPrincipal, ownerOf, Principal } from '../auth/principal';
import { mdmEnrollmentView } from '../bulk-enrollment/bulk.views';
import { requestView, RequestViewSchema } from './request.views';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, V1_REFUSALS } from '../http/api-responses';
import { AUTH } from '../http/openapi';

@ApiTags('requests')
@ApiBearerAuth(AUTH.admin)
@ApiBearerAuth(AUTH.user)
@ApiBearerAuth(AUTH.bulk)
@Controller('v1/requests')
@UseGuards(AnyCredentialGuard)
export class RequestsController {
  constructor(
    private readonly requests: RequestRepository,
    private readonly devices: DeviceRepository,
    private readonly certificates: CertificateRepository,
    private readonly enrollments: MdmEnrollmentRepository,
  ) {}

  /** Admins read every request; users and devices only those their credential made (others look absent). */
  @Get(':requestId')
  @ApiAnswers({ [HttpStatus.OK]: { description: 'The request', json: RequestViewSchema } }, HttpStatus.UNAUTHORIZED, HttpStatus.NOT_FOUND, ...V1_REFUSALS)
  async get(@CurrentPrincipal() principal: Principal, @Param('requestId') requestId: string) {
    const request = /^[0-9a-f-]{36}$/i.test(requestId) ? await this.requests.get(requestId) : null;
    if (!request || (principal.kind !== 'admin' && request.owner !== ownerOf(principal))) {
      throw EnrollmentError.permanent(ErrorCode.RequestNotFound, `No request ${requestId}`);
    }
    const device = request.deviceObjectId ? await this.devices.get(request.deviceObjectId) : null;
    const [certificate, enrollment] = await Promise.all([
      request.flow === 'workplace-leave' ? null : this.certificateOf(requestId, device),
      device?.mdmEnrollmentId ? this.enrollments.forDevice(device.id) : null,
    ]);
    return requestView(request, device, certificate, enrollment ? mdmEnrollmentView(enrollment) : undefined);
  }

  /** The certificate the request issued, or the one its device already had (a repeat keeps it). */
  private async certificateOf(requestId: string, device: DeviceObject | null): Promise<CertificateRecord | null> {
    return (await this.certificates.forRequest(requestId)) ?? (device ? this.certificates.get(device.certificate.serialNumber) : null);
  }
}
