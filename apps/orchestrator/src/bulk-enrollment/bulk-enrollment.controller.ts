import { Body, Controller, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { BulkEnrollmentBody, BulkEnrollmentBodySchema, BulkTokenRecord, CertificateRepository, MdmEnrollmentRepository } from '@app/enrollment';
import { BulkTokenGuard } from '../auth/auth.guards';
import { CurrentBulkToken } from '../auth/principal';
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
import { BulkEnrollmentProducer } from './bulk-enrollment.producer';
import { mdmEnrollmentView } from './bulk.views';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';

@ApiTags('bulk-enrollment')
@ApiBearerAuth(AUTH.bulk)
@Controller('v1/bulk-enrollments')
@UseGuards(BulkTokenGuard)
export class BulkEnrollmentController {
  constructor(
    private readonly producer: BulkEnrollmentProducer,
    private readonly certificates: CertificateRepository,
    private readonly enrollments: MdmEnrollmentRepository,
  ) {}

  /** 202 with a request to follow, or 200 with what this device (package + serial) already has. */
  @Post()
  @ApiBody({ schema: bodySchema(BulkEnrollmentBodySchema) })
  @ApiAnswers(
    {
      [HttpStatus.ACCEPTED]: { description: 'Recorded and queued (or the same request, still in flight)', json: AcceptedRequestSchema },
      [HttpStatus.OK]: { description: 'This device (package + serial number) is already enrolled', json: ExistingRegistrationSchema },
    },
    ...BODY_REFUSALS,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.FORBIDDEN,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async enroll(
    @CurrentBulkToken() token: BulkTokenRecord,
    @Body(new ZodValidationPipe(BulkEnrollmentBodySchema)) body: BulkEnrollmentBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AcceptedRequestView | ExistingRegistrationView> {
    const outcome = await this.producer.enroll(token, body);
    if (outcome.kind === 'accepted') {
      response.status(HttpStatus.ACCEPTED);
      return acceptedView(outcome.requestId, outcome.status);
    }
    response.status(HttpStatus.OK);
    const [certificate, enrollment] = await Promise.all([
      this.certificates.get(outcome.device.certificate.serialNumber),
      this.enrollments.forDevice(outcome.device.id),
    ]);
    return {
      requestId: outcome.device.requestId,
      status: 'succeeded',
      device: deviceView(outcome.device),
      certificate: certificate ? certificateView(certificate) : undefined,
      mdmEnrollment: enrollment ? mdmEnrollmentView(enrollment) : undefined,
    };
  }
}
