import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AdminGuard } from '../auth/auth.guards';
import { ApiAnswers, BODY_REFUSALS, pageShape, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { CommandSpec, policyCommand, rebootCommand } from './command-specs';
import {
  ConvenienceCommandBodySchema,
  DeviceCommandBody,
  DeviceCommandBodySchema,
  IdempotencyKey,
  PolicyCommandBody,
  PolicyCommandBodySchema,
  UnenrollQuerySchema,
} from './device-command.dto';
import { DeviceCommandService } from './device-command.service';
import { deviceCommandView, DeviceCommandView, DeviceCommandViewSchema, UnenrollmentAcceptedSchema, UnenrollmentAcceptedView } from './device-command.views';
import { UnenrollmentRequests } from './unenrollment-requests.service';

const IdempotencyHeaders = z.object({ 'Idempotency-Key': IdempotencyKey });
const CommandListQuerySchema = pageQuery({ defaultLimit: 100, maxLimit: 1000 });
type CommandListQuery = z.infer<typeof CommandListQuerySchema>;
const DeviceCommandPageSchema = pageShape('DeviceCommandPage', DeviceCommandViewSchema);

const CREATED = { [HttpStatus.CREATED]: { description: "Queued for the device's next management session", json: DeviceCommandViewSchema } };
const QUEUE_REFUSALS = [...BODY_REFUSALS, HttpStatus.UNAUTHORIZED, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT, ...V1_REFUSALS];
const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Your own token for this command: sent again with the same key, the command is queued once (200 with it)',
};

/**
 * Commands for a device enrolled over MS-MDE2, delivered at its next OMA-DM session, and an administrator's
 * unenrollment of it. 409 DEVICE_NOT_MANAGED for any other device object.
 */
@ApiTags('devices')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/devices/:id')
@UseGuards(AdminGuard)
export class DeviceCommandsController {
  constructor(
    private readonly commands: DeviceCommandService,
    private readonly unenrollment: UnenrollmentRequests,
  ) {}

  /** Any OMA-DM command on a LocURI: Get, Add, Replace, Delete or Exec. */
  @Post('commands')
  @ApiBody({ schema: bodySchema(DeviceCommandBodySchema) })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAnswers(CREATED, ...QUEUE_REFUSALS)
  async queue(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(DeviceCommandBodySchema)) body: DeviceCommandBody,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeviceCommandView> {
    const { ttlSeconds, ...spec } = body;
    return this.queueSpec(id, spec, ttlSeconds, key, response);
  }

  /** The Reboot CSP's RebootNow. */
  @Post('commands/reboot')
  @ApiBody({ schema: bodySchema(ConvenienceCommandBodySchema), required: false })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAnswers(CREATED, ...QUEUE_REFUSALS)
  async reboot(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(ConvenienceCommandBodySchema)) body: z.infer<typeof ConvenienceCommandBodySchema>,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeviceCommandView> {
    return this.queueSpec(id, rebootCommand(), body.ttlSeconds, key, response);
  }

  /** A Policy CSP setting: Replace of ./Device/Vendor/MSFT/Policy/Config/{area}/{policy} (int unless told). */
  @Post('commands/policy')
  @ApiBody({ schema: bodySchema(PolicyCommandBodySchema) })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAnswers(CREATED, ...QUEUE_REFUSALS)
  async policy(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(PolicyCommandBodySchema)) body: PolicyCommandBody,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeviceCommandView> {
    return this.queueSpec(id, policyCommand(body), body.ttlSeconds, key, response);
  }

  @Get('commands')
  @ApiAnswers(
    { [HttpStatus.OK]: { description: "The device's commands, oldest first", json: DeviceCommandPageSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    ...V1_REFUSALS,
  )
  async list(@Param('id') id: string, @Query(new ZodValidationPipe(CommandListQuerySchema)) query: CommandListQuery) {
    return pageView(await this.commands.list(id, query), query, deviceCommandView);
  }

  @Get('commands/:commandId')
  @ApiAnswers({ [HttpStatus.OK]: { description: 'The command', json: DeviceCommandViewSchema } }, HttpStatus.UNAUTHORIZED, HttpStatus.NOT_FOUND, ...V1_REFUSALS)
  async get(@Param('id') id: string, @Param('commandId') commandId: string): Promise<DeviceCommandView> {
    return deviceCommandView(await this.commands.get(id, commandId));
  }

  /**
   * Unenrolls the device: the DMClient unenroll command is queued, and its acknowledgement revokes the
   * certificate and removes the object. `?force=true` does that at once, for a device that will not come back.
   */
  @Delete('enrollment')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAnswers(
    { [HttpStatus.ACCEPTED]: { description: 'The unenrollment, queued', json: UnenrollmentAcceptedSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async unenroll(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(UnenrollQuerySchema)) query: z.infer<typeof UnenrollQuerySchema>,
  ): Promise<UnenrollmentAcceptedView> {
    const outcome = query.force ? await this.unenrollment.force(id) : await this.unenrollment.request(id);
    if (outcome.status === 'unenrolling') return outcome;
    return { ...outcome, commandUrl: `/v1/devices/${id}/commands/${outcome.commandId}` };
  }

  private async queueSpec(id: string, spec: CommandSpec, ttlSeconds: number, key: string | undefined, response: Response): Promise<DeviceCommandView> {
    const idempotencyKey = new ZodValidationPipe(IdempotencyHeaders).transform({ 'Idempotency-Key': key })['Idempotency-Key'];
    const { command, created } = await this.commands.queue(id, spec, { ttlSeconds, idempotencyKey });
    if (!created) response.status(HttpStatus.OK);
    return deviceCommandView(command);
  }
}
