import { Module } from '@nestjs/common';
import { DeviceCommandService } from './device-command.service';
import { DeviceCommandsController } from './device-commands.controller';
import { UnenrollmentRequests } from './unenrollment-requests.service';
import { ManagedDeviceLookup } from './managed-device-lookup.service';

/** Commands an administrator queues for a device enrolled over MS-MDE2, and its unenrollment. */
@Module({
  controllers: [DeviceCommandsController],
  providers: [ManagedDeviceLookup, DeviceCommandService, UnenrollmentRequests],
  exports: [UnenrollmentRequests],
})
export class DeviceCommandsModule {}
