import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import {
  CertificateRepository,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  RequestRepository,
} from '@app/enrollment';
import { AdminOrUserGuard } from '../auth/auth.guards';
import { CurrentPrincipal, ownerOf, Principal } from '../auth/principal';
import { requestView } from './request.views';

@Controller('v1/requests')
@UseGuards(AdminOrUserGuard)
export class RequestsController {
  constructor(
    private readonly requests: RequestRepository,
    private readonly devices: DeviceRepository,
    private readonly certificates: CertificateRepository,
  ) {}

  /** Admins read every request; a user only those their own credential made (others look absent). */
  @Get(':requestId')
  async get(@CurrentPrincipal() principal: Principal, @Param('requestId') requestId: string) {
    const request = /^[0-9a-f-]{36}$/i.test(requestId) ? await this.requests.get(requestId) : null;
    if (!request || (principal.kind !== 'admin' && request.owner !== ownerOf(principal))) {
      throw EnrollmentError.permanent(ErrorCode.RequestNotFound, `No request ${requestId}`);
    }
    const device = request.deviceObjectId ? await this.devices.get(request.deviceObjectId) : null;
    const serial = request.certificateSerial ?? (request.flow === 'workplace-join' ? device?.certificate.serialNumber : undefined);
    const certificate = serial ? await this.certificates.get(serial) : null;
    return requestView(request, device, certificate);
  }
}
