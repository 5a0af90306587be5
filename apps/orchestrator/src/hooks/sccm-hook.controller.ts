import { Body, Controller, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { SccmHookBody, SccmHookBodySchema } from '@app/enrollment';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AcceptedRequestSchema, acceptedView, deviceView, DeviceViewSchema } from '../requests/request.views';
import { HookSignatureGuard } from './hook-signature.guard';
import { SccmHookService } from './sccm-hook.service';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, described, responseShape, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';

const HookAcceptedSchema = responseShape('HookAccepted', AcceptedRequestSchema.extend({ eventId: z.string() }));
const HookAnsweredSchema = responseShape(
  'HookAnswered',
  z.union([
    z.object({
      eventId: z.string(),
      replayed: z.literal(true),
      requestId: described(z.uuid(), 'Absent while the first delivery of the event is still being taken in').optional(),
    }),
    z.object({ eventId: z.string(), requestId: z.uuid(), status: z.literal('succeeded'), device: DeviceViewSchema }),
  ]),
  'A replayed event id (the first request, nothing enqueued), or a device that is already registered',
);
type HookAnswer = z.infer<typeof HookAcceptedSchema> | z.infer<typeof HookAnsweredSchema>;

@ApiTags('sccm')
@ApiSecurity(AUTH.hook)
@Controller('v1/hooks/sccm')
@UseGuards(HookSignatureGuard)
export class SccmHookController {
  constructor(private readonly hooks: SccmHookService) {}

  /** 202 for a new event; 200 for a replayed one or a device that is already registered. */
  @Post()
  @ApiBody({ schema: bodySchema(SccmHookBodySchema) })
  @ApiAnswers(
    {
      [HttpStatus.ACCEPTED]: { description: 'A new event: its request was recorded and queued', json: HookAcceptedSchema },
      [HttpStatus.OK]: { description: 'A replayed event, or a device that already has what it asks for', json: HookAnsweredSchema },
    },
    ...BODY_REFUSALS,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.FORBIDDEN,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async receive(@Body(new ZodValidationPipe(SccmHookBodySchema)) event: SccmHookBody, @Res({ passthrough: true }) response: Response): Promise<HookAnswer> {
    const outcome = await this.hooks.handle(event);
    response.status(outcome.kind === 'accepted' ? HttpStatus.ACCEPTED : HttpStatus.OK);
    switch (outcome.kind) {
      case 'accepted':
        return { eventId: event.eventId, ...acceptedView(outcome.requestId, outcome.status) };
      case 'replayed':
        return { eventId: event.eventId, replayed: true, requestId: outcome.requestId };
      default:
        return { eventId: event.eventId, requestId: outcome.device.requestId, status: 'succeeded', device: deviceView(outcome.device) };
    }
  }
}
