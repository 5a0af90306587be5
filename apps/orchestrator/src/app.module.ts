import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { ConnectionOptions } from 'bullmq';
import type { Logger } from 'winston';
import {
  AdfsTokenVerifier,
  APP_CONFIG,
  AppConfig,
  BULK_ENROLLMENT_QUEUE,
  BULL_CONNECTION,
  EnrollmentModule,
  JwksSource,
  RedisKeys,
  WORKPLACE_JOIN_QUEUE,
} from '@app/enrollment';
import { AdminBoardModule } from './admin-board/admin-board.module';
import { AdminKeysService } from './auth/admin-keys.service';
import { AdminGuard, AnyCredentialGuard, BulkTokenGuard, CredentialResolver, UserGuard } from './auth/auth.guards';
import { BulkEnrollmentController } from './bulk-enrollment/bulk-enrollment.controller';
import { BulkEnrollmentProducer } from './bulk-enrollment/bulk-enrollment.producer';
import { BulkTokensController } from './bulk-enrollment/bulk-tokens.controller';
import { ProvisioningPackagesController } from './bulk-enrollment/provisioning-packages.controller';
import { ProvisioningPackagesService } from './bulk-enrollment/provisioning-packages.service';
import { DevIdentityController } from './dev-identity/dev-identity.controller';
import { DeviceRevocation } from './devices/device-revocation.service';
import { DevicesController } from './devices/devices.controller';
import { EventFeed } from './events/event-feed.service';
import { EventStreamController } from './events/event-stream.controller';
import { EventsController } from './events/events.controller';
import { HookSignatureGuard } from './hooks/hook-signature.guard';
import { SccmHookController } from './hooks/sccm-hook.controller';
import { SccmHookService } from './hooks/sccm-hook.service';
import { HttpConnections } from './http/http-connections';
import { ApiErrorFilter } from './http/api-error.filter';
import { RateLimitGuard } from './http/rate-limit.guard';
import { RateLimiter } from './http/rate-limiter';
import { InventoryController } from './inventory/inventory.controller';
import { HealthController } from './operations/health.controller';
import { CertificateEnrollment } from './mde2/certificate-enrollment.service';
import { EnrollmentAccounts } from './mde2/enrollment-account.service';
import { EnrollmentServerController } from './mde2/enrollment-server.controller';
import { SoapAnswers } from './mde2/soap-answers';
import { SoapBodyMiddleware } from './mde2/soap-body.middleware';
import { SoapFaultFilter } from './mde2/soap-fault.filter';
import { MetricsController } from './operations/metrics.controller';
import { MetricsService } from './operations/metrics.service';
import { RedisHealthIndicator } from './operations/redis.health';
import { PkiController } from './pki/pki.controller';
import { IntakeReconciler } from './requests/intake-reconciler.service';
import { RequestIntake } from './requests/request-intake.service';
import { RequestOutcomes } from './requests/request-outcomes.service';
import { RequestsController } from './requests/requests.controller';
import { WorkplaceJoinController } from './workplace-join/workplace-join.controller';
import { WorkplaceJoinProducer } from './workplace-join/workplace-join.producer';

@Module({})
export class AppModule implements NestModule {
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
        BullModule.registerQueue({ name: WORKPLACE_JOIN_QUEUE }, { name: BULK_ENROLLMENT_QUEUE }),
        AdminBoardModule.forRoot(config),
        TerminusModule,
      ],
      controllers: [
        WorkplaceJoinController,
        BulkTokensController,
        ProvisioningPackagesController,
        BulkEnrollmentController,
        SccmHookController,
        HealthController,
        MetricsController,
        RequestsController,
        DevicesController,
        InventoryController,
        EventsController,
        EventStreamController,
        PkiController,
        EnrollmentServerController,
        // The development identity provider exists only when no AD FS is configured (never in production).
        ...(config.identity.mode === 'development' ? [DevIdentityController] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        {
          provide: AdfsTokenVerifier,
          useFactory: (cfg: AppConfig, jwks: JwksSource) => new AdfsTokenVerifier(cfg.identity, jwks),
          inject: [APP_CONFIG, JwksSource],
        },
        RateLimiter,
        AdminKeysService,
        CredentialResolver,
        AdminGuard,
        UserGuard,
        BulkTokenGuard,
        AnyCredentialGuard,
        RequestIntake,
        IntakeReconciler,
        WorkplaceJoinProducer,
        DeviceRevocation,
        ProvisioningPackagesService,
        BulkEnrollmentProducer,
        HookSignatureGuard,
        SccmHookService,
        RedisHealthIndicator,
        MetricsService,
        HttpConnections,
        EventFeed,
        RequestOutcomes,
        EnrollmentAccounts,
        CertificateEnrollment,
        SoapAnswers,
        SoapFaultFilter,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SoapBodyMiddleware).forRoutes({ path: 'EnrollmentServer/*path', method: RequestMethod.POST });
  }
}
