import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig, BULK_ENROLLMENT_QUEUE, DEVICE_MANAGEMENT_QUEUE, WORKPLACE_JOIN_QUEUE } from '@app/enrollment';
import { AdminKeysService } from '../auth/admin-keys.service';
import { adminBoardAuth } from './admin-board.auth';

export const ADMIN_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board for every queue at /admin/queues, for administrators only (HTTP Basic with an admin key as
 * the password, or a bearer admin key), read-only unless BULL_BOARD_READ_ONLY=false.
 */
@Module({})
export class AdminBoardModule {
  static forRoot(config: AppConfig): DynamicModule {
    const options = { readOnlyMode: config.admin.bullBoardReadOnly };
    return {
      module: AdminBoardModule,
      imports: [
        BullBoardModule.forRootAsync({
          // Bull Board applies `middleware` and its router in one `consumer.apply(...)`, so the check
          // always runs first. AdminKeysService belongs to AppModule, which Bull Board's module cannot
          // import, so it is looked up in the container on the first request (after every module is
          // initialised) rather than injected.
          inject: [ModuleRef],
          useFactory: (moduleRef: ModuleRef) => {
            let adminKeys: AdminKeysService | undefined;
            const isAdminKey = (candidate: string): boolean => {
              const service = (adminKeys ??= moduleRef.get<AdminKeysService>(AdminKeysService, { strict: false }));
              return service.isAdminKey(candidate);
            };
            return {
              route: ADMIN_BOARD_ROUTE,
              adapter: ExpressAdapter,
              middleware: adminBoardAuth(isAdminKey),
              boardOptions: { uiConfig: { boardTitle: 'Enrollment Orchestrator' } },
            };
          },
        }),
        BullBoardModule.forFeature(
          { name: WORKPLACE_JOIN_QUEUE, adapter: BullMQAdapter, options },
          { name: BULK_ENROLLMENT_QUEUE, adapter: BullMQAdapter, options },
          { name: DEVICE_MANAGEMENT_QUEUE, adapter: BullMQAdapter, options },
        ),
      ],
    };
  }
}
