import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  DEVICE_MANAGEMENT_QUEUE,
  DeviceCommandRepository,
  DeviceManagementJob,
  deviceManagementJobId,
  deviceManagementJobOptions,
  DeviceManagementQueue,
  ManagedDeviceRepository,
  MDM_PROVIDER_ID,
  UnenrollJobData,
} from '@app/enrollment';
import { unenrollCommand } from './command-specs';
import { MAX_COMMAND_TTL_SECONDS } from './device-command.dto';
import { DeviceCommandService } from './device-command.service';
import { ManagedDeviceLookup } from './managed-device-lookup.service';

export type UnenrollmentOutcome = { status: 'pending'; commandId: string } | { status: 'unenrolling' };

/**
 * An administrator's end of a device's management. Asked, the device unenrolls itself at its next session
 * (the DMClient unenroll command) and its acknowledgement ends it here; forced, it ends here at once
 * (certificate revoked, object removed), for a device that will not come back.
 */
@Injectable()
export class UnenrollmentRequests {
  constructor(
    private readonly lookup: ManagedDeviceLookup,
    private readonly commands: DeviceCommandService,
    private readonly stored: DeviceCommandRepository,
    private readonly managed: ManagedDeviceRepository,
    @InjectQueue(DEVICE_MANAGEMENT_QUEUE) private readonly queue: DeviceManagementQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues the unenroll command, once: asked again while one still waits, it answers with that one. */
  async request(deviceObjectId: string, now = new Date()): Promise<UnenrollmentOutcome> {
    const { device } = await this.lookup.manageable(deviceObjectId);
    const waiting = (await this.stored.list(device.id)).find(
      (command) => command.origin === 'unenroll' && (command.status === 'pending' || command.status === 'sent'),
    );
    const command =
      waiting ??
      (await this.commands.queue(device.id, unenrollCommand(MDM_PROVIDER_ID), { ttlSeconds: MAX_COMMAND_TTL_SECONDS, origin: 'unenroll' }, now)).command;
    await this.managed.requestUnenrollment(device.id, now);
    return { status: 'pending', commandId: command.id };
  }

  /** Ends the device's management now, whether or not it ever answers again. */
  async force(deviceObjectId: string, now = new Date()): Promise<UnenrollmentOutcome> {
    const { device } = await this.lookup.manageable(deviceObjectId);
    const data: UnenrollJobData = { deviceObjectId: device.id, reason: 'forced', at: now.toISOString() };
    await this.queue.add(DeviceManagementJob.Unenroll, data, {
      ...deviceManagementJobOptions(this.config.worker),
      jobId: deviceManagementJobId.unenroll(device.id),
    });
    return { status: 'unenrolling' };
  }
}
