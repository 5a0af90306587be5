import type { Logger } from 'winston';
import { withReachableRedis } from '../redis/redis-connection';
import { AppConfig, loadConfig } from './config';
import { httpsWarnings } from './server-tls';
import { redisStartupChecks } from './startup-checks';
import { StartupError } from './startup-error';
import { supervised, tellSupervisor } from './supervisor';

/**
 * Start-up shared by both apps: validate the configuration, make sure Redis answers and is fit to hold
 * the service's data, then boot. Whatever the operator can fix (a bad configuration, a missing Redis, one
 * that evicts keys in production...) ends the process with one clear message and exit code 1.
 */
export function bootOrExit(app: string, boot: (config: AppConfig) => Promise<Logger>): void {
  (async () => {
    const config = loadConfig();
    const redisWarnings = await withReachableRedis(config.redis, (redis) => redisStartupChecks(redis, config));
    const warnings = [...redisWarnings, ...startupWarnings(config)];
    // Also outside the JSON log, where a person starting the service cannot miss it: in the banner of
    // the supervisor that started it, or on standard error.
    if (supervised()) tellSupervisor({ type: 'warnings', app, warnings });
    else if (warnings.length > 0) process.stderr.write(banner(app, warnings));
    const logger = await boot(config);
    for (const warning of warnings) logger.warn(warning);
  })().catch((error: unknown) => {
    const detail = error instanceof StartupError ? error.message : ((error as Error).stack ?? (error as Error).message);
    process.stderr.write(`\n${app}: ${detail}\n\n`);
    process.exit(1);
  });
}

function banner(app: string, warnings: string[]): string {
  const rule = '!'.repeat(100);
  return `\n${rule}\n${warnings.map((warning) => `!! ${app}: ${warning}`).join('\n')}\n${rule}\n\n`;
}

/** What an operator must notice: development shortcuts that are on, and what would keep Windows from enrolling over HTTPS. */
export function startupWarnings(config: AppConfig): string[] {
  const warnings: string[] = httpsWarnings(config.http, config.production);
  if (config.identity.mode === 'development') {
    warnings.push(
      'DEVELOPMENT IDENTITY PROVIDER IS ON: no AD FS is configured, so POST /dev/adfs/token mints user tokens ' +
        'for anyone. Set ADFS_ISSUER, ADFS_AUDIENCE and ADFS_JWKS_URL (or ADFS_JWKS_FILE) before real use.',
    );
  }
  if (config.pki.passphraseIsDevDefault) {
    warnings.push(
      'The CA private key is encrypted with the built-in development passphrase. Set CA_PASSPHRASE_FILE ' +
        '(or CA_PASSPHRASE) before issuing real certificates.',
    );
  }
  if (config.worker.hangAfterStep) {
    warnings.push(`Fault injection is on: workers hang after step '${config.worker.hangAfterStep}'.`);
  }
  return warnings;
}
