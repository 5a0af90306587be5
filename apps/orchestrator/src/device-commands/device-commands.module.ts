import { Module } from '@nestjs/common';
import { DeviceCommandService } from './device-command.service';
import { DeviceCommandsController } from './device-commands.controller';
import { DeviceUnenrollment } from './device-unenrollment.service';
import { ManagedDeviceLookup } from './managed-device-lookup.service';

/** Commands an administrator queues for a device enrolled over MS-MDE2, and its unenrollment. */
@Module({
  controllers: [DeviceCommandsController],
  providers: [ManagedDeviceLookup, DeviceCommandService, DeviceUnenrollment],
  exports: [DeviceUnenrollment],
})
export class DeviceCommandsModule {}
