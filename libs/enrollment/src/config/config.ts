import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError, invalidVariable } from './config-error';
import { readServerTls, ServerTls } from './server-tls';

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/**
 * A whole number written in decimal digits, from `min` to `max`; a bad value is echoed with the rule
 * (only non-secret variables are numbers).
 */
const wholeNumber = (fallback: number, min: number, max: number, rule: string) =>
  z
    .string()
    .transform((raw, ctx) => {
      const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (value >= min && value <= max) return value;
      const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(shown)} is not ${rule}` });
      return z.NEVER;
    })
    .default(fallback);

const positiveInt = (fallback: number) => wholeNumber(fallback, 1, Number.MAX_SAFE_INTEGER, 'a whole number of 1 or more');

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/** Where packages without an MDM enrollment send devices to join Entra ID (Accounts/Azure/Authority). */
export const DEFAULT_ENTRA_AUTHORITY = 'https://login.microsoftonline.com/common';

/** An https URL on Entra ID's sign-in host, without credentials, query or fragment. */
function isEntraAuthority(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    url.protocol === 'https:' &&
    url.hostname.toLowerCase() === 'login.microsoftonline.com' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}

/** Every variable the service reads. Unknown variables are ignored; a bad value names itself. */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: wholeNumber(3000, 0, 65535, 'a whole number from 0 to 65535 (0: any free port)'),
    PUBLIC_URL: z.url().optional(),
    ENTRA_AUTHORITY: z
      .string()
      .refine(isEntraAuthority, 'must be an https URL on login.microsoftonline.com, e.g. https://login.microsoftonline.com/contoso.onmicrosoft.com')
      .default(DEFAULT_ENTRA_AUTHORITY),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(65000),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^,\s]+(\s*,\s*rediss?:\/\/[^,\s]+)*$/, 'must be a redis:// or rediss:// URL (several, comma-separated, with REDIS_CLUSTER)')
      .default('redis://127.0.0.1:6379'),
    REDIS_CLUSTER: flag(false),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1-32 letters, digits, dots, dashes or underscores')
      .default('eo'),
    ADMIN_API_KEYS: csv,
    BULL_BOARD_READ_ONLY: flag(true),
    ADFS_ISSUER: z.string().min(1).optional(),
    ADFS_AUDIENCE: z.string().min(1).optional(),
    ADFS_JWKS_URL: z.url().optional(),
    ADFS_JWKS_FILE: z.string().min(1).optional(),
    ADFS_UPN_CLAIM: z.string().min(1).default('upn'),
    JWKS_REFRESH_COOLDOWN_MS: positiveInt(30000),
    ADFS_MAX_TOKEN_LIFETIME_S: positiveInt(86400),
    ADFS_AUTHORIZE_URL: z.url().optional(),
    ADFS_TOKEN_URL: z.url().optional(),
    ADFS_PASSIVE_URL: z.url().optional(),
    DRS_RESOURCE_ID: z
      .string()
      .regex(/^[\x21-\x7e]{1,256}$/, 'must be 1-256 printable ASCII characters')
      .optional(),
    ALLOWED_UPN_DOMAINS: csv,
    CA_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').optional(),
    CA_PASSPHRASE_FILE: z.string().min(1).optional(),
    CA_COMMON_NAME: z.string().min(1).default('Enrollment Orchestrator Device CA'),
    CERT_VALIDITY_DAYS: positiveInt(365),
    CRL_VALIDITY_HOURS: positiveInt(168),
    CERT_RENEWAL_GRACE_S: positiveInt(86400),
    WORKER_CONCURRENCY: positiveInt(16),
    JOB_ATTEMPTS: positiveInt(6),
    JOB_BACKOFF_MS: positiveInt(1000),
    WORKER_LOCK_DURATION_MS: positiveInt(30000),
    WORKER_STALLED_INTERVAL_MS: positiveInt(30000),
    EVENTS_PER_REQUEST: positiveInt(200),
    EVENTS_PER_DEVICE: positiveInt(500),
    EVENTS_GLOBAL: positiveInt(100000),
    EVENT_STREAMS_MAX: positiveInt(1000),
    FAULT_HANG_AFTER_STEP: z.string().min(1).optional(),
    FAULT_CRASH_AT_INTAKE: z.enum(['before-enqueue', 'after-enqueue']).optional(),
    INTAKE_RECONCILE_AFTER_MS: positiveInt(60000),
    SCCM_HOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SCCM_HOOK_SECRET_FILE: z.string().min(1).optional(),
    SHUTDOWN_TIMEOUT_MS: positiveInt(25000),
    WORKER_HEALTH_FILE: z.string().min(1).optional(),
    RATE_LIMIT_PER_MINUTE: positiveInt(600),
    TRUSTED_PROXY_CIDRS: csv.pipe(
      z.array(z.string().refine(isCidr, { error: (issue) => `${JSON.stringify(issue.input)} is not an IP address or CIDR block` })),
    ),
    MAX_DEVICES_PER_USER: positiveInt(20),
    MDE2_ENROLLMENT_WAIT_MS: positiveInt(25000),
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    TLS_KEY_PASSPHRASE: z.string().optional(),
    TLS_KEY_PASSPHRASE_FILE: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const adfsConfigured = Boolean(env.ADFS_ISSUER || env.ADFS_AUDIENCE || env.ADFS_JWKS_URL || env.ADFS_JWKS_FILE);
    if (adfsConfigured) {
      for (const key of ['ADFS_ISSUER', 'ADFS_AUDIENCE'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when AD FS is configured' });
      }
      if (!env.ADFS_JWKS_URL === !env.ADFS_JWKS_FILE) {
        ctx.addIssue({ code: 'custom', path: ['ADFS_JWKS_URL'], message: 'set exactly one of ADFS_JWKS_URL or ADFS_JWKS_FILE' });
      }
    } else if (production) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADFS_ISSUER'],
        message: 'AD FS trust (ADFS_ISSUER, ADFS_AUDIENCE, ADFS_JWKS_URL or ADFS_JWKS_FILE) is required in production',
      });
    }
    if (production) {
      const flaw = productionPublicUrlFlaw(env.PUBLIC_URL, env.TLS_CERT_FILE ? 'https' : 'http');
      if (flaw) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: flaw });
    }
    if (!env.REDIS_CLUSTER && env.REDIS_URL.includes(',')) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'lists several nodes: set REDIS_CLUSTER=true for a Redis Cluster' });
    }
    if (env.SCCM_HOOK_SECRET && env.SCCM_HOOK_SECRET_FILE) {
      ctx.addIssue({ code: 'custom', path: ['SCCM_HOOK_SECRET'], message: 'set only one of SCCM_HOOK_SECRET or SCCM_HOOK_SECRET_FILE' });
    }
    if (env.CA_PASSPHRASE && env.CA_PASSPHRASE_FILE) {
      ctx.addIssue({ code: 'custom', path: ['CA_PASSPHRASE'], message: 'set only one of CA_PASSPHRASE or CA_PASSPHRASE_FILE' });
    }
    if (!env.TLS_CERT_FILE !== !env.TLS_KEY_FILE) {
      const [missing, given] = env.TLS_CERT_FILE ? ['TLS_KEY_FILE', 'TLS_CERT_FILE'] : ['TLS_CERT_FILE', 'TLS_KEY_FILE'];
      ctx.addIssue({ code: 'custom', path: [missing], message: `is required with ${given}: set both to serve HTTPS, or neither to serve plain HTTP` });
    }
    if (env.TLS_KEY_PASSPHRASE !== undefined && env.TLS_KEY_PASSPHRASE_FILE) {
      ctx.addIssue({ code: 'custom', path: ['TLS_KEY_PASSPHRASE'], message: 'set only one of TLS_KEY_PASSPHRASE or TLS_KEY_PASSPHRASE_FILE' });
    }
    for (const key of ['TLS_KEY_PASSPHRASE', 'TLS_KEY_PASSPHRASE_FILE'] as const) {
      if (env[key] !== undefined && !env.TLS_KEY_FILE) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is set, but TLS_KEY_FILE is not: there is no private key for it to open' });
      }
    }
    if (production && !env.CA_PASSPHRASE && !env.CA_PASSPHRASE_FILE) {
      ctx.addIssue({ code: 'custom', path: ['CA_PASSPHRASE_FILE'], message: 'is required in production' });
    }
    if (production && env.ADMIN_API_KEYS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_API_KEYS'], message: 'is required in production' });
    }
    for (const key of ['FAULT_HANG_AFTER_STEP', 'FAULT_CRASH_AT_INTAKE'] as const) {
      if (production && env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'fault injection is refused in production' });
    }
    for (const key of env.ADMIN_API_KEYS) {
      if (key.length < 24) {
        ctx.addIssue({ code: 'custom', path: ['ADMIN_API_KEYS'], message: 'every key must be at least 24 characters' });
      }
    }
  });

export type AdfsTrust = (
  | { mode: 'adfs'; issuer: string; audience: string; jwks: { url: string } | { file: string }; upnClaim: string }
  | { mode: 'development'; issuer: string; audience: string; upnClaim: string }
) & {
  /** Least time between two AD FS key set fetches caused by unknown key ids. */
  jwksRefreshCooldownMs: number;
  /** Longest `exp - iat` of a user token, in seconds. */
  maxTokenLifetimeS: number;
};

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  production: boolean;
  /**
   * `trustedProxies`: addresses and CIDR blocks whose X-Forwarded-For names the client. `tls`: the
   * orchestrator serves HTTPS on `port` with it; plain HTTP when it is absent.
   */
  http: { port: number; publicUrl: string; keepAliveTimeoutMs: number; trustedProxies: string[]; tls?: ServerTls };
  log: { level: 'error' | 'warn' | 'info' | 'debug' };
  /** `url` lists the seed nodes (comma-separated) when `cluster` is on; every key starts with `{prefix}`. */
  redis: { url: string; cluster: boolean; prefix: string };
  admin: { apiKeys: string[]; bullBoardReadOnly: boolean };
  identity: AdfsTrust & { allowedUpnDomains: string[] };
  /** Entra ID, where devices of packages without an MDM enrollment join with the bulk token. */
  entra: { authority: string };
  /** Workplace Join: how many devices one user may have registered at once. */
  directory: { maxDevicesPerUser: number };
  pki: {
    passphrase: string;
    passphraseIsDevDefault: boolean;
    commonName: string;
    certValidityDays: number;
    crlValidityHours: number;
    /** How long a renewed device certificate stays valid beside its successor before it is revoked. */
    renewalGraceS: number;
  };
  worker: {
    concurrency: number;
    attempts: number;
    backoffMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    hangAfterStep?: string;
    /** How long a stopping worker lets its jobs finish before handing them back to the queue. */
    shutdownTimeoutMs: number;
    /** Written every 10 s while the worker works, for container healthchecks; off when unset. */
    healthFile?: string;
  };
  events: { perRequest: number; perDevice: number; global: number };
  /** Server-Sent Events streams one orchestrator serves at once; all of them share one Redis connection. */
  eventStreams: { max: number };
  intake: {
    /** A request recorded this long ago whose job never reached its queue is failed, freeing its subject. */
    reconcileAfterMs: number;
    /** Fault injection for crash tests (refused in production): the orchestrator kills itself at that point of an intake. */
    crashAt?: 'before-enqueue' | 'after-enqueue';
  };
  /** Configuration Manager's hook; off when no secret is configured. */
  hooks: { sccmSecret?: string };
  /** Requests per minute one client (credential, or address without one) may make, across all orchestrators. */
  rateLimitPerMinute: number;
  /** MS-MDE2: how long the enrollment endpoint waits for the flow before answering a fault the device retries. */
  mde2: { enrollmentWaitMs: number };
  /** MS-DVRD/MS-DVRJ: the AD FS endpoints discovery names, the service's relying party id, and how long register waits. */
  deviceRegistration: { resourceId: string; authorizeUrl: string; tokenUrl: string; passiveUrl: string; registrationWaitMs: number };
}

export { ConfigError };

const DEV_IDP_ISSUER = 'urn:enrollment-orchestrator:dev-adfs';
const DEV_IDP_AUDIENCE = 'urn:enrollment-orchestrator';
/** Known to everybody, so only ever allowed outside production, and announced at start-up. */
export const DEV_CA_PASSPHRASE = 'development-only-ca-passphrase';

/** Reads and validates the environment once; the only place that reads `process.env`. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // `VAR=` (as compose files and shells often leave it) means unset, not an empty value.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? '(environment)')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';

  const passphrase = env.CA_PASSPHRASE_FILE ? readSecretFile('CA_PASSPHRASE_FILE', env.CA_PASSPHRASE_FILE, 12) : env.CA_PASSPHRASE;
  const passphraseFlaw = production && passphrase !== undefined ? productionPassphraseFlaw(passphrase) : undefined;
  if (passphraseFlaw) {
    const variable = env.CA_PASSPHRASE_FILE ? 'CA_PASSPHRASE_FILE' : 'CA_PASSPHRASE';
    throw invalidVariable(variable, passphraseFlaw);
  }
  const sccmSecret = env.SCCM_HOOK_SECRET_FILE ? readSecretFile('SCCM_HOOK_SECRET_FILE', env.SCCM_HOOK_SECRET_FILE, 32) : env.SCCM_HOOK_SECRET;
  const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? readTls(env.TLS_CERT_FILE, env.TLS_KEY_FILE, env) : undefined;

  const limits = { jwksRefreshCooldownMs: env.JWKS_REFRESH_COOLDOWN_MS, maxTokenLifetimeS: env.ADFS_MAX_TOKEN_LIFETIME_S };
  const identity: AdfsTrust = env.ADFS_ISSUER
    ? {
        mode: 'adfs',
        issuer: env.ADFS_ISSUER,
        audience: env.ADFS_AUDIENCE!,
        jwks: env.ADFS_JWKS_URL ? { url: env.ADFS_JWKS_URL } : { file: env.ADFS_JWKS_FILE! },
        upnClaim: env.ADFS_UPN_CLAIM,
        ...limits,
      }
    : { mode: 'development', issuer: DEV_IDP_ISSUER, audience: DEV_IDP_AUDIENCE, upnClaim: env.ADFS_UPN_CLAIM, ...limits };

  return {
    env: env.NODE_ENV,
    production,
    http: {
      port: env.PORT,
      publicUrl: publicUrlOf(env, tls),
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      trustedProxies: env.TRUSTED_PROXY_CIDRS,
      ...(tls && { tls }),
    },
    log: { level: env.LOG_LEVEL },
    redis: { url: env.REDIS_URL, cluster: env.REDIS_CLUSTER, prefix: env.REDIS_PREFIX },
    admin: { apiKeys: env.ADMIN_API_KEYS, bullBoardReadOnly: env.BULL_BOARD_READ_ONLY },
    identity: { ...identity, allowedUpnDomains: env.ALLOWED_UPN_DOMAINS.map((domain) => domain.toLowerCase()) },
    entra: { authority: env.ENTRA_AUTHORITY.replace(/\/+$/, '') },
    directory: { maxDevicesPerUser: env.MAX_DEVICES_PER_USER },
    pki: {
      passphrase: passphrase ?? DEV_CA_PASSPHRASE,
      passphraseIsDevDefault: passphrase === undefined,
      commonName: env.CA_COMMON_NAME,
      certValidityDays: env.CERT_VALIDITY_DAYS,
      crlValidityHours: env.CRL_VALIDITY_HOURS,
      renewalGraceS: env.CERT_RENEWAL_GRACE_S,
    },
    worker: {
      concurrency: env.WORKER_CONCURRENCY,
      attempts: env.JOB_ATTEMPTS,
      backoffMs: env.JOB_BACKOFF_MS,
      lockDurationMs: env.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
      hangAfterStep: env.FAULT_HANG_AFTER_STEP,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      healthFile: env.WORKER_HEALTH_FILE,
    },
    events: { perRequest: env.EVENTS_PER_REQUEST, perDevice: env.EVENTS_PER_DEVICE, global: env.EVENTS_GLOBAL },
    eventStreams: { max: env.EVENT_STREAMS_MAX },
    intake: { reconcileAfterMs: env.INTAKE_RECONCILE_AFTER_MS, crashAt: env.FAULT_CRASH_AT_INTAKE },
    hooks: { sccmSecret },
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    mde2: { enrollmentWaitMs: env.MDE2_ENROLLMENT_WAIT_MS },
    deviceRegistration: deviceRegistrationSettings(env, publicUrlOf(env, tls)),
  };
}

function publicUrlOf(env: z.infer<typeof EnvSchema>, tls: ServerTls | undefined): string {
  return (env.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${env.PORT}`).replace(/\/+$/, '');
}

/** AD FS' own paths on the issuer's host unless configured: discovery must name all three. */
function deviceRegistrationSettings(env: z.infer<typeof EnvSchema>, publicUrl: string): AppConfig['deviceRegistration'] {
  const issuer = env.ADFS_ISSUER && URL.canParse(env.ADFS_ISSUER) ? new URL(env.ADFS_ISSUER) : undefined;
  const adfs = issuer && /^https?:$/.test(issuer.protocol) ? issuer.origin : publicUrl;
  return {
    resourceId: env.DRS_RESOURCE_ID ?? `urn:ms-drs:${new URL(publicUrl).hostname}`,
    authorizeUrl: env.ADFS_AUTHORIZE_URL ?? `${adfs}/adfs/oauth2/authorize`,
    tokenUrl: env.ADFS_TOKEN_URL ?? `${adfs}/adfs/oauth2/token`,
    passiveUrl: env.ADFS_PASSIVE_URL ?? `${adfs}/adfs/ls`,
    registrationWaitMs: env.MDE2_ENROLLMENT_WAIT_MS,
  };
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address. */
function isCidr(value: string): boolean {
  // split() gives at least one part; the bits and anything after them are there only if written.
  const [address, bits, extra] = value.split('/') as [string, string?, string?];
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Why PUBLIC_URL cannot serve production, if it cannot: every certificate carries it as the address of
 * its CRL, and devices cannot fetch the CRL from their own loopback address.
 */
function productionPublicUrlFlaw(publicUrl: string | undefined, scheme: 'http' | 'https'): string | undefined {
  const consequence = 'it is written into every certificate as the address of the CRL, which devices must reach';
  const fix = 'set the address devices use, e.g. PUBLIC_URL=https://enroll.contoso.com';
  if (publicUrl === undefined) return `is required in production (unset, it is ${scheme}://localhost:$PORT): ${consequence}; ${fix}`;
  // Not a URL at all is reported by the schema.
  if (!URL.canParse(publicUrl) || !isLoopback(new URL(publicUrl).hostname)) return undefined;
  return `${JSON.stringify(publicUrl)} is this machine (a loopback address), but ${consequence}; ${fix}`;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8, ::1 and the unspecified addresses 0.0.0.0 and ::. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.') || host === '0.0.0.0';
  return host === '::1' || host === '::';
}

/** Why a CA passphrase may not protect a production CA, if it may not. */
function productionPassphraseFlaw(passphrase: string): string | undefined {
  if (passphrase === DEV_CA_PASSPHRASE) return 'is the published development default; production needs its own passphrase';
  if (passphrase.length < 16) return 'must be at least 16 characters in production';
  return undefined;
}

/** Secrets mounted as files (Docker or Kubernetes secrets); surrounding whitespace is not part of them. */
function readSecretFile(variable: string, path: string, minLength: number): string {
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw invalidVariable(variable, `cannot be read (${(error as Error).message})`);
  }
  if (secret.length === 0) throw invalidVariable(variable, 'the file is empty (or holds only whitespace)');
  if (secret.length < minLength) throw invalidVariable(variable, `the secret must be at least ${minLength} characters`);
  return secret;
}

/** The server certificate and key, with the passphrase from whichever of its two variables is set. */
function readTls(certFile: string, keyFile: string, env: { TLS_KEY_PASSPHRASE?: string; TLS_KEY_PASSPHRASE_FILE?: string }): ServerTls {
  if (env.TLS_KEY_PASSPHRASE_FILE) {
    const passphrase = readSecretFile('TLS_KEY_PASSPHRASE_FILE', env.TLS_KEY_PASSPHRASE_FILE, 1);
    return readServerTls({ certFile, keyFile, passphrase, passphraseVariable: 'TLS_KEY_PASSPHRASE_FILE' });
  }
  const passphrase = env.TLS_KEY_PASSPHRASE;
  return readServerTls({ certFile, keyFile, passphrase, passphraseVariable: passphrase === undefined ? undefined : 'TLS_KEY_PASSPHRASE' });
}
