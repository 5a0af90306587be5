import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import type { Logger } from 'winston';
import { BulkTokenRepository, RedisBulkTokenRepository } from './bulk/bulk-token.repository';
import { BulkTokenService } from './bulk/bulk-token.service';
import { MdmEnrollmentRepository, RedisMdmEnrollmentRepository } from './bulk/mdm-enrollment.repository';
import { ProvisioningPackageRepository, RedisProvisioningPackageRepository } from './bulk/provisioning-package.repository';
import { CertificateRepository, RedisCertificateRepository } from './pki/certificate.repository';
import { PkiService } from './pki/pki.service';
import { AppConfig } from './config/config';
import { SecretBox } from './crypto/secret-box';
import { DeviceRepository, RedisDeviceRepository } from './directory/device.repository';
import { APP_CONFIG, BULL_CONNECTION, LOGGER, REDIS } from './enrollment.tokens';
import { AdminKeyRepository, RedisAdminKeyRepository } from './admin/admin-key.repository';
import { EventRecorder } from './diagnostics/event-recorder';
import { HookEventRepository, RedisHookEventRepository } from './hooks/hook-event.repository';
import { EventRepository, RedisEventRepository } from './diagnostics/event.repository';
import { DevIdentityProvider } from './identity/dev-identity-provider';
import { createJwksSource, JwksSource } from './identity/jwks-source';
import { InventoryRepository, RedisInventoryRepository } from './inventory/inventory.repository';
import { DeviceCommandRepository } from './management/device-command.repository';
import { ManagedDeviceRepository } from './management/managed-device.repository';
import { ManagementSessionRepository } from './management/management-session.repository';
import { RedisDeviceCommandRepository } from './management/redis-device-command.repository';
import { RedisManagedDeviceRepository } from './management/redis-managed-device.repository';
import { RedisManagementSessionRepository } from './management/redis-management-session.repository';
import { RedisStepMetricsRepository, StepMetricsRepository } from './metrics/step-metrics.repository';
import { bullConnection } from './redis/bull-connection';
import { RedisBatches } from './redis/redis-batch';
import { createRedis, RedisClient } from './redis/redis-connection';
import { RedisKeys } from './redis/redis-keys';
import { RedisRequestRepository, RequestRepository } from './requests/request.repository';

/** A repository whose Redis implementation needs only the client and the key names. */
function redisBacked<T>(token: abstract new (...args: never[]) => T, implementation: new (redis: RedisClient, keys: RedisKeys) => T): Provider {
  return { provide: token, useFactory: (redis: RedisClient, keys: RedisKeys) => new implementation(redis, keys), inject: [REDIS, RedisKeys] };
}

/**
 * The domain's providers for both apps: Redis, the repositories, the CA, identity keys and events.
 * The CA is loaded (or created) before the app starts serving.
 */
@Module({})
export class EnrollmentModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(BULL_CONNECTION) private readonly bullConnection: ConnectionOptions,
  ) {}

  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: REDIS, useFactory: () => createRedis(config.redis, logger) },
      { provide: BULL_CONNECTION, useFactory: () => bullConnection(config.redis, logger) },
      { provide: RedisKeys, useValue: new RedisKeys(config.redis.prefix) },
      { provide: RedisBatches, useFactory: (redis: RedisClient) => new RedisBatches(redis), inject: [REDIS] },
      redisBacked(RequestRepository, RedisRequestRepository),
      redisBacked(DeviceRepository, RedisDeviceRepository),
      redisBacked(CertificateRepository, RedisCertificateRepository),
      redisBacked(BulkTokenRepository, RedisBulkTokenRepository),
      redisBacked(ProvisioningPackageRepository, RedisProvisioningPackageRepository),
      {
        provide: MdmEnrollmentRepository,
        useFactory: (redis: RedisClient, keys: RedisKeys, devices: DeviceRepository) => new RedisMdmEnrollmentRepository(redis, keys, devices),
        inject: [REDIS, RedisKeys, DeviceRepository],
      },
      redisBacked(StepMetricsRepository, RedisStepMetricsRepository),
      redisBacked(InventoryRepository, RedisInventoryRepository),
      redisBacked(HookEventRepository, RedisHookEventRepository),
      redisBacked(AdminKeyRepository, RedisAdminKeyRepository),
      redisBacked(DeviceCommandRepository, RedisDeviceCommandRepository),
      redisBacked(ManagedDeviceRepository, RedisManagedDeviceRepository),
      redisBacked(ManagementSessionRepository, RedisManagementSessionRepository),
      {
        provide: BulkTokenService,
        useFactory: (tokens: BulkTokenRepository) => new BulkTokenService(tokens, new SecretBox(config.pki.passphrase, 'bulk-token')),
        inject: [BulkTokenRepository],
      },
      {
        provide: EventRepository,
        useFactory: (redis: RedisClient, keys: RedisKeys) => new RedisEventRepository(redis, keys, config.events, logger),
        inject: [REDIS, RedisKeys],
      },
      {
        provide: EventRecorder,
        useFactory: (events: EventRepository) => new EventRecorder(events, logger),
        inject: [EventRepository],
      },
      {
        provide: PkiService,
        useFactory: async (redis: RedisClient, keys: RedisKeys, certificates: CertificateRepository) => {
          const pki = new PkiService(redis, keys, certificates, {
            ...config.pki,
            crlUrl: `${config.http.publicUrl}/v1/pki/crl`,
          });
          await pki.init();
          return pki;
        },
        inject: [REDIS, RedisKeys, CertificateRepository],
      },
      {
        provide: DevIdentityProvider,
        useFactory: (redis: RedisClient, keys: RedisKeys) =>
          config.identity.mode === 'development'
            ? new DevIdentityProvider(redis, keys.devIdentityProvider, config.identity.issuer, config.identity.audience, config.identity.upnClaim)
            : null,
        inject: [REDIS, RedisKeys],
      },
      {
        provide: JwksSource,
        useFactory: (dev: DevIdentityProvider | null) => createJwksSource(config.identity, () => dev!),
        inject: [DevIdentityProvider],
      },
    ];
    return {
      module: EnrollmentModule,
      global: true,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = [this.redis, this.bullConnection].filter((client): client is RedisClient => 'quit' in client);
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
