import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CertificateRepository, Guid, VerifiedIdentity, WorkplaceJoinBody, WorkplaceJoinBodySchema } from '@app/enrollment';
import { UserGuard } from '../auth/auth.guards';
import { CurrentUser } from '../auth/principal';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  AcceptedRequestSchema,
  AcceptedRequestView,
  acceptedView,
  certificateView,
  deviceView,
  ExistingRegistrationSchema,
  ExistingRegistrationView,
} from '../requests/request.views';
import { WorkplaceJoinProducer } from './workplace-join.producer';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';

@ApiTags('workplace-join')
@ApiBearerAuth(AUTH.user)
@Controller('v1/workplace-joins')
@UseGuards(UserGuard)
export class WorkplaceJoinController {
  constructor(
    private readonly producer: WorkplaceJoinProducer,
    private readonly certificates: CertificateRepository,
  ) {}

  /** 202 with a request to follow, or 200 with the registration this user@device already has. */
  @Post()
  @ApiBody({ schema: bodySchema(WorkplaceJoinBodySchema) })
  @ApiAnswers(
    {
      [HttpStatus.ACCEPTED]: { description: 'Recorded and queued (or the same request, still in flight)', json: AcceptedRequestSchema },
      [HttpStatus.OK]: { description: 'This user@device is already registered', json: ExistingRegistrationSchema },
    },
    ...BODY_REFUSALS,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async join(
    @CurrentUser() identity: VerifiedIdentity,
    @Body(new ZodValidationPipe(WorkplaceJoinBodySchema)) body: WorkplaceJoinBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AcceptedRequestView | ExistingRegistrationView> {
    const outcome = await this.producer.join(identity, body);
    if (outcome.kind === 'accepted') {
      response.status(HttpStatus.ACCEPTED);
      return acceptedView(outcome.requestId, outcome.status);
    }
    response.status(HttpStatus.OK);
    const certificate = await this.certificates.get(outcome.device.certificate.serialNumber);
    return {
      requestId: outcome.device.requestId,
      status: 'succeeded',
      device: deviceView(outcome.device),
      certificate: certificate ? certificateView(certificate) : undefined,
    };
  }

  @Delete(':deviceId')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAnswers(
    { [HttpStatus.ACCEPTED]: { description: 'Leave recorded and queued', json: AcceptedRequestSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async leave(@CurrentUser() identity: VerifiedIdentity, @Param('deviceId', new ZodValidationPipe(Guid)) deviceId: string): Promise<AcceptedRequestView> {
    const { requestId, status } = await this.producer.leave(identity, deviceId);
    return acceptedView(requestId, status);
  }
}
