import { Global, Module } from '@nestjs/common';
import { AdfsTokenVerifier, APP_CONFIG, AppConfig, JwksSource } from '@app/enrollment';
import { AdminKeysService } from '../auth/admin-keys.service';
import { AdminGuard, AnyCredentialGuard, BulkTokenGuard, CredentialResolver, UserGuard } from '../auth/auth.guards';
import { MetricsService } from '../operations/metrics.service';
import { HttpConnections } from './http-connections';
import { RateLimiter } from './rate-limiter';

const SHARED = [RateLimiter, AdminKeysService, CredentialResolver, AdminGuard, UserGuard, BulkTokenGuard, AnyCredentialGuard, MetricsService];

/**
 * What every feature's controllers rely on: the credential guards and what they check against, the rate
 * limiter and the metrics. Global, so that `@UseGuards(AdminGuard)` works in any feature module.
 */
@Global()
@Module({
  providers: [
    ...SHARED,
    HttpConnections,
    {
      provide: AdfsTokenVerifier,
      useFactory: (config: AppConfig, jwks: JwksSource) => new AdfsTokenVerifier(config.identity, jwks),
      inject: [APP_CONFIG, JwksSource],
    },
  ],
  exports: [...SHARED, AdfsTokenVerifier],
})
export class HttpCommonModule {}
