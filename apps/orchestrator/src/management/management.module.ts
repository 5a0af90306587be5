import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DeviceAuthModule } from '../device-auth/device-auth.module';
import { ManagementServerController } from './management-server.controller';
import { ManagementSessions } from './management-sessions.service';
import { SyncmlBodyMiddleware } from './syncml-body.middleware';

/** MS-MDM (OMA-DM SyncML) at the management ADDR: a thin adapter onto the session logic and the device-management queue. */
@Module({
  imports: [DeviceAuthModule],
  controllers: [ManagementServerController],
  providers: [ManagementSessions],
})
export class ManagementModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SyncmlBodyMiddleware).forRoutes({ path: 'ManagementServer/*path', method: RequestMethod.POST });
  }
}
