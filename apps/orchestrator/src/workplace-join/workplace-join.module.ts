import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { WorkplaceJoinController } from './workplace-join.controller';
import { WorkplaceJoinProducer } from './workplace-join.producer';

/** Workplace Join and leave over the JSON API; the producer is shared with the hook and admin revocation. */
@Module({
  imports: [RequestsModule],
  controllers: [WorkplaceJoinController],
  providers: [WorkplaceJoinProducer],
  exports: [WorkplaceJoinProducer],
})
export class WorkplaceJoinModule {}
