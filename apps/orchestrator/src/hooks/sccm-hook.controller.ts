import { Body, Controller, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { SccmHookBody, SccmHookBodySchema } from '@app/enrollment';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { acceptedView, deviceView } from '../requests/request.views';
import { HookSignatureGuard } from './hook-signature.guard';
import { SccmHookService } from './sccm-hook.service';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AUTH, bodySchema } from '../http/openapi';

@ApiTags('sccm')
@ApiSecurity(AUTH.hook)
@Controller('v1/hooks/sccm')
@UseGuards(HookSignatureGuard)
export class SccmHookController {
  constructor(private readonly hooks: SccmHookService) {}

  /** 202 for a new event; 200 for a replayed one or a device that is already registered. */
  @Post()
  @ApiBody({ schema: bodySchema(SccmHookBodySchema) })
  async receive(
    @Body(new ZodValidationPipe(SccmHookBodySchema)) event: SccmHookBody,
    @Res({ passthrough: true }) response: Response,
  ) {
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
