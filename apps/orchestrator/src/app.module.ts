import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { ConnectionOptions } from 'bullmq';
import type { Logger } from 'winston';
import { AppConfig, BULL_CONNECTION, EnrollmentModule, RedisKeys } from '@app/enrollment';
import { AdminBoardModule } from './admin-board/admin-board.module';
import { BulkEnrollmentModule } from './bulk-enrollment/bulk-enrollment.module';
import { DeviceCommandsModule } from './device-commands/device-commands.module';
import { DevIdentityModule } from './dev-identity/dev-identity.module';
import { DevicesModule } from './devices/devices.module';
import { EventsModule } from './events/events.module';
import { HooksModule } from './hooks/hooks.module';
import { ApiErrorFilter } from './http/api-error.filter';
import { HttpCommonModule } from './http/http-common.module';
import { RateLimitGuard } from './http/rate-limit.guard';
import { InventoryModule } from './inventory/inventory.module';
import { ManagementModule } from './management/management.module';
import { Mde2Module } from './mde2/mde2.module';
import { DeviceRegistrationModule } from './dvr/device-registration.module';
import { OperationsModule } from './operations/operations.module';
import { PkiModule } from './pki/pki.module';
import { QueuesModule } from './queues/queues.module';
import { RequestsModule } from './requests/requests.module';
import { WorkplaceJoinModule } from './workplace-join/workplace-join.module';

/** The orchestrator: one feature module per way in and per resource, over the shared enrollment library. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const keys = new RedisKeys(config.redis.prefix);
    return {
      module: AppModule,
      imports: [
        EnrollmentModule.forRoot(config, logger),
        BullModule.forRootAsync({
          inject: [BULL_CONNECTION],
          useFactory: (connection: ConnectionOptions) => ({ connection, prefix: keys.bullPrefix }),
        }),
        QueuesModule,
        HttpCommonModule,
        WorkplaceJoinModule,
        BulkEnrollmentModule,
        Mde2Module,
        DeviceRegistrationModule,
        ManagementModule,
        HooksModule,
        RequestsModule,
        DevicesModule,
        DeviceCommandsModule,
        InventoryModule,
        EventsModule,
        PkiModule,
        OperationsModule,
        AdminBoardModule.forRoot(config),
        // The development identity provider exists only when no AD FS is configured (never in production).
        ...(config.identity.mode === 'development' ? [DevIdentityModule] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
