import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'winston';
import { AdminKeyRepository, APP_CONFIG, AppConfig, LOGGER, supervised, tellSupervisor } from '@app/enrollment';

/**
 * The admin API keys. Outside production, with none configured, one key is generated, kept in Redis so
 * that every orchestrator process accepts it, and printed at start-up.
 */
@Injectable()
export class AdminKeysService implements OnModuleInit {
  private digests: Buffer[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly adminKeys: AdminKeyRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    let keys = this.config.admin.apiKeys;
    if (keys.length === 0) {
      const key = await this.adminKeys.developmentKey(`eo_dev_${randomBytes(24).toString('base64url')}`);
      keys = [key];
      const warning = 'ADMIN_API_KEYS is not set: a development admin key was made, kept in Redis under this REDIS_PREFIX';
      // Shown on purpose: it is the only way a newcomer learns the development key.
      if (supervised()) {
        tellSupervisor({ type: 'dev-admin-key', key });
        tellSupervisor({ type: 'warnings', app: 'orchestrator', warnings: [warning] });
      } else {
        process.stdout.write(`\n  No ADMIN_API_KEYS configured: development admin key (use as "Authorization: Bearer <key>"):\n    ${key}\n\n`);
      }
      this.logger.warn(warning);
    }
    this.digests = keys.map(digest);
  }

  /** The id of the admin key given, if it is one. Constant-time: the candidate is compared with every key. */
  adminKeyId(candidate: string): string | undefined {
    const candidateDigest = digest(candidate);
    let match = -1;
    this.digests.forEach((known, index) => {
      if (timingSafeEqual(candidateDigest, known)) match = index;
    });
    // Short enough to say nothing about the key, stable across restarts and orchestrators.
    return match >= 0 ? this.digests[match].toString('hex').slice(0, 12) : undefined;
  }

  isAdminKey(candidate: string): boolean {
    return this.adminKeyId(candidate) !== undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
