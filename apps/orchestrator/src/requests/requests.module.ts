import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { IntakeReconciler } from './intake-reconciler.service';
import { RequestIntake } from './request-intake.service';
import { RequestOutcomes } from './request-outcomes.service';
import { RequestsController } from './requests.controller';

/** Requests: the intake every way in shares, their read-back, and the wait for an outcome. */
@Module({
  imports: [EventsModule],
  controllers: [RequestsController],
  providers: [RequestIntake, IntakeReconciler, RequestOutcomes],
  exports: [RequestIntake, RequestOutcomes],
})
export class RequestsModule {}
