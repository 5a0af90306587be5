import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { BulkEnrollmentController } from './bulk-enrollment.controller';
import { BulkEnrollmentProducer } from './bulk-enrollment.producer';
import { BulkTokensController } from './bulk-tokens.controller';
import { ProvisioningPackagesController } from './provisioning-packages.controller';
import { ProvisioningPackagesService } from './provisioning-packages.service';

/** Bulk tokens, provisioning packages and bulk enrollment over the JSON API; the producer is shared with the hook and MS-MDE2. */
@Module({
  imports: [RequestsModule],
  controllers: [BulkTokensController, ProvisioningPackagesController, BulkEnrollmentController],
  providers: [ProvisioningPackagesService, BulkEnrollmentProducer],
  exports: [BulkEnrollmentProducer],
})
export class BulkEnrollmentModule {}
