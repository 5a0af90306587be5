import { Module } from '@nestjs/common';
import { BulkEnrollmentModule } from '../bulk-enrollment/bulk-enrollment.module';
import { WorkplaceJoinModule } from '../workplace-join/workplace-join.module';
import { HookSignatureGuard } from './hook-signature.guard';
import { SccmHookController } from './sccm-hook.controller';
import { SccmHookService } from './sccm-hook.service';

/** Configuration Manager's signed hook, onto the same producers as the JSON API. */
@Module({
  imports: [WorkplaceJoinModule, BulkEnrollmentModule],
  controllers: [SccmHookController],
  providers: [SccmHookService, HookSignatureGuard],
})
export class HooksModule {}
