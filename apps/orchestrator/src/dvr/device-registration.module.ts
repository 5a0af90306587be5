import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { WorkplaceJoinModule } from '../workplace-join/workplace-join.module';
import { DeviceRegistrationController } from './device-registration.controller';
import { DeviceRegistration } from './device-registration.service';

/** MS-DVRD and MS-DVRJ: Workplace Join as Windows' own registration client speaks it. */
@Module({
  imports: [RequestsModule, WorkplaceJoinModule],
  controllers: [DeviceRegistrationController],
  providers: [DeviceRegistration],
})
export class DeviceRegistrationModule {}
