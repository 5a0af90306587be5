import { Module } from '@nestjs/common';
import { WorkplaceJoinModule } from '../workplace-join/workplace-join.module';
import { DeviceRevocation } from './device-revocation.service';
import { DevicesController } from './devices.controller';

/** The directory's device objects, their events, and an admin's revocation of a lost device. */
@Module({
  imports: [WorkplaceJoinModule],
  controllers: [DevicesController],
  providers: [DeviceRevocation],
})
export class DevicesModule {}
