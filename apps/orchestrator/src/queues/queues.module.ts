import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { BULK_ENROLLMENT_QUEUE, DEVICE_MANAGEMENT_QUEUE, WORKPLACE_JOIN_QUEUE } from '@app/enrollment';

/** Every queue, registered once for the whole orchestrator (one Queue and connection each). */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: WORKPLACE_JOIN_QUEUE }, { name: BULK_ENROLLMENT_QUEUE }, { name: DEVICE_MANAGEMENT_QUEUE })],
  exports: [BullModule],
})
export class QueuesModule {}
