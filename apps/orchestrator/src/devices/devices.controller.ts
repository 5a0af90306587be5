import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { DeviceObject, DeviceRepository, EnrollmentError, ErrorCode, EventRepository, ManagedDeviceRepository, safeText } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { EventQuery, EventQuerySchema, eventsAnswer, sendEvents } from '../events/event-query';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AcceptedRequestSchema, AcceptedRequestView, acceptedView, deviceView, DeviceViewSchema } from '../requests/request.views';
import { DeviceRevocation } from './device-revocation.service';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, pageShape, V1_REFUSALS } from '../http/api-responses';
import { AUTH } from '../http/openapi';

const DeviceListQuerySchema = pageQuery({ defaultLimit: 50, maxLimit: 500 }).extend({
  trustType: z.enum(['Workplace', 'AzureAd']).optional(),
  enrollmentType: safeText(1, 64).optional(),
  user: safeText(1, 320).optional(),
  name: safeText(1, 64).optional(),
  serialNumber: safeText(1, 64).optional(),
  status: z.enum(['active', 'removed']).optional(),
});
type DeviceListQuery = z.infer<typeof DeviceListQuerySchema>;

const DevicePageSchema = pageShape('DevicePage', DeviceViewSchema);

@ApiTags('devices')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/devices')
@UseGuards(AdminGuard)
export class DevicesController {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly eventLog: EventRepository,
    private readonly revocation: DeviceRevocation,
    private readonly managed: ManagedDeviceRepository,
  ) {}

  @Get()
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'Device objects of both flows, newest first', json: DevicePageSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async list(@Query(new ZodValidationPipe(DeviceListQuerySchema)) query: DeviceListQuery) {
    const page = await this.devices.list(query);
    const managed = new Map(await Promise.all(page.items.map(async (device) => [device.id, await this.managed.get(device.id)] as const)));
    return pageView(page, query, (device) => deviceView(device, managed.get(device.id)));
  }

  @Get(':id')
  @ApiAnswers({ [HttpStatus.OK]: { description: 'The device object', json: DeviceViewSchema } }, HttpStatus.UNAUTHORIZED, HttpStatus.NOT_FOUND, ...V1_REFUSALS)
  async get(@Param('id') id: string) {
    const device = await this.find(id);
    return deviceView(device, await this.managed.get(device.id));
  }

  /** The device's diagnostics timeline, as JSON or as Windows Event XML (`?format=xml`). */
  @Get(':id/events')
  @ApiAnswers(
    { [HttpStatus.OK]: eventsAnswer("The device's events, oldest first") },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    ...V1_REFUSALS,
  )
  async events(@Param('id') id: string, @Query(new ZodValidationPipe(EventQuerySchema)) query: EventQuery, @Res() response: Response) {
    await this.find(id);
    sendEvents(response, await this.eventLog.byDevice(id), query);
  }

  /**
   * A lost or stolen device: 202 with a request that revokes its certificate in the CRL and removes the
   * object (Workplace Join); 409 for a bulk-enrolled object (one enrolled over MS-MDE2 is unenrolled with
   * DELETE /v1/devices/{id}/enrollment?force=true) or one already removed.
   */
  @Post(':id/revoke')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAnswers(
    { [HttpStatus.ACCEPTED]: { description: "The device's leave, recorded and queued", json: AcceptedRequestSchema } },
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  async revoke(@Param('id') id: string): Promise<AcceptedRequestView> {
    const { requestId, status } = await this.revocation.revoke(await this.find(id));
    return acceptedView(requestId, status);
  }

  private async find(id: string): Promise<DeviceObject> {
    const device = /^[0-9a-f-]{36}$/i.test(id) ? await this.devices.get(id) : null;
    if (!device) throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, `No device object ${id}`);
    return device;
  }
}
