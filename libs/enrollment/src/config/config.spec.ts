import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

/** Test secrets are random and never passed to an assertion that would print them on failure. */
const secret = (length: number): string => randomBytes(length).toString('base64url').slice(0, length);

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  let failure: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    failure = error;
  }
  // Never print the loaded config: it holds the passphrase and the admin keys.
  if (failure === undefined) throw new Error('expected loadConfig to throw a ConfigError');
  expect(failure).toBeInstanceOf(ConfigError);
  return failure as ConfigError;
}

describe(loadConfig.name, () => {
  const sut = loadConfig;
  let dir: string;
  let passphraseFile: string;
  let filePassphrase: string;
  const adminKey = secret(32);
  const caPassphrase = secret(20);

  /** A complete, valid production environment; each case removes or spoils one piece. */
  const production = (): NodeJS.ProcessEnv => ({
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://enroll.contoso.test',
    ADMIN_API_KEYS: adminKey,
    CA_PASSPHRASE_FILE: passphraseFile,
    ADFS_ISSUER: 'http://adfs.contoso.test/adfs/services/trust',
    ADFS_AUDIENCE: 'urn:enrollment-orchestrator',
    ADFS_JWKS_URL: 'https://adfs.contoso.test/adfs/discovery/keys',
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eo-config-'));
    filePassphrase = secret(24);
    passphraseFile = join(dir, 'ca-passphrase');
    writeFileSync(passphraseFile, `\n  ${filePassphrase}  \n\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the defaults to an empty environment', () => {
    const config = sut({});

    expect(config.env).toBe('development');
    expect(config.production).toBe(false);
    expect(config.http).toEqual({ port: 3000, publicUrl: 'http://localhost:3000', keepAliveTimeoutMs: 65000, trustedProxies: [] });
    expect(config.log).toEqual({ level: 'info' });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', cluster: false, prefix: 'eo' });
    expect(config.admin.apiKeys.length).toBe(0);
    expect(config.identity.mode).toBe('development');
    expect(config.identity.upnClaim).toBe('upn');
    expect(config.identity.allowedUpnDomains).toEqual([]);
    expect(config.pki.passphraseIsDevDefault).toBe(true);
    expect(config.pki.passphrase.length).toBeGreaterThanOrEqual(12);
    expect(config.worker.concurrency).toBe(16);
    expect(config.worker.hangAfterStep).toBeUndefined();
    expect(config.directory).toEqual({ maxDevicesPerUser: 20 });
  });

  it('loads a complete production environment', () => {
    const config = sut(production());

    expect(config.production).toBe(true);
    expect(config.identity).toEqual({
      mode: 'adfs',
      issuer: 'http://adfs.contoso.test/adfs/services/trust',
      audience: 'urn:enrollment-orchestrator',
      jwks: { url: 'https://adfs.contoso.test/adfs/discovery/keys' },
      upnClaim: 'upn',
      allowedUpnDomains: [],
      jwksRefreshCooldownMs: 30000,
      maxTokenLifetimeS: 86400,
    });
    expect(config.pki.passphraseIsDevDefault).toBe(false);
    expect(config.admin.apiKeys.length === 1 && config.admin.apiKeys[0] === adminKey).toBe(true);
  });

  it.each<{ name: string; env: NodeJS.ProcessEnv; variable: string; mentions?: string[] }>([
    { name: 'a PORT that is not a number', env: { PORT: 'abc' }, variable: 'PORT' },
    { name: 'a PORT out of range', env: { PORT: '70000' }, variable: 'PORT' },
    { name: 'a REDIS_URL that is not redis://', env: { REDIS_URL: 'http://x' }, variable: 'REDIS_URL' },
    { name: 'a REDIS_PREFIX with a space', env: { REDIS_PREFIX: 'e o' }, variable: 'REDIS_PREFIX' },
    { name: 'a REDIS_PREFIX with braces (the service adds the hash tag)', env: { REDIS_PREFIX: '{eo}' }, variable: 'REDIS_PREFIX' },
    {
      name: 'several REDIS_URLs without REDIS_CLUSTER',
      env: { REDIS_URL: 'redis://10.0.0.1:7000,redis://10.0.0.2:7000' },
      variable: 'REDIS_URL',
      mentions: ['REDIS_CLUSTER=true'],
    },
    { name: 'a REDIS_CLUSTER that is not a boolean', env: { REDIS_CLUSTER: 'yes' }, variable: 'REDIS_CLUSTER', mentions: ['true, false, 1 or 0'] },
    { name: 'a zero WORKER_CONCURRENCY', env: { WORKER_CONCURRENCY: '0' }, variable: 'WORKER_CONCURRENCY' },
    { name: 'a zero JWKS_REFRESH_COOLDOWN_MS', env: { JWKS_REFRESH_COOLDOWN_MS: '0' }, variable: 'JWKS_REFRESH_COOLDOWN_MS' },
    { name: 'an ADFS_MAX_TOKEN_LIFETIME_S that is not a number', env: { ADFS_MAX_TOKEN_LIFETIME_S: '1d' }, variable: 'ADFS_MAX_TOKEN_LIFETIME_S' },
    { name: 'an HTTP_KEEP_ALIVE_TIMEOUT_MS that is not a number', env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '65s' }, variable: 'HTTP_KEEP_ALIVE_TIMEOUT_MS' },
    { name: 'an unknown LOG_LEVEL', env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { name: 'a PUBLIC_URL that is not a URL', env: { PUBLIC_URL: 'not a url' }, variable: 'PUBLIC_URL' },
    { name: 'an ENTRA_AUTHORITY elsewhere', env: { ENTRA_AUTHORITY: 'https://enroll.contoso.test/common' }, variable: 'ENTRA_AUTHORITY' },
    { name: 'an ENTRA_AUTHORITY over http', env: { ENTRA_AUTHORITY: 'http://login.microsoftonline.com/common' }, variable: 'ENTRA_AUTHORITY' },
    {
      name: 'an ENTRA_AUTHORITY on a look-alike host',
      env: { ENTRA_AUTHORITY: 'https://login.microsoftonline.com.evil.test/common' },
      variable: 'ENTRA_AUTHORITY',
      mentions: ['login.microsoftonline.com'],
    },
    { name: 'an ADMIN_API_KEYS entry that is too short', env: { ADMIN_API_KEYS: `${secret(32)},${secret(10)}` }, variable: 'ADMIN_API_KEYS' },
    { name: 'a CA_PASSPHRASE that is too short', env: { CA_PASSPHRASE: secret(8) }, variable: 'CA_PASSPHRASE' },
    { name: 'MAX_DEVICES_PER_USER of zero', env: { MAX_DEVICES_PER_USER: '0' }, variable: 'MAX_DEVICES_PER_USER' },
    {
      name: 'AD FS configured with only an issuer',
      env: { ADFS_ISSUER: 'http://adfs.contoso.test/adfs/services/trust' },
      variable: 'ADFS_AUDIENCE',
      mentions: ['ADFS_JWKS_URL or ADFS_JWKS_FILE'],
    },
    {
      name: 'both ADFS_JWKS_URL and ADFS_JWKS_FILE',
      env: { ...production(), NODE_ENV: 'development', CA_PASSPHRASE_FILE: undefined, ADFS_JWKS_FILE: '/etc/adfs/jwks.json' },
      variable: 'ADFS_JWKS_URL',
      mentions: ['exactly one of ADFS_JWKS_URL or ADFS_JWKS_FILE'],
    },
  ])('refuses $name, naming $variable', ({ env, variable, mentions = [] }) => {
    const error = configErrorOf(env);

    expect(error.message).toContain(`${variable}:`);
    for (const text of mentions) expect(error.message).toContain(text);
    for (const value of Object.values(env)) {
      if (value !== undefined && value.length >= 8) expect(error.message.includes(value)).toBe(false);
    }
  });

  it.each<{ name: string; value: string; says: string }>([
    { name: 'a PORT that is not a number', value: 'abc', says: 'PORT: "abc" is not a whole number from 0 to 65535 (0: any free port)' },
    { name: 'a fractional PORT', value: '3.5', says: 'PORT: "3.5" is not a whole number from 0 to 65535' },
    { name: 'a PORT above 65535', value: '70000', says: 'PORT: "70000" is not a whole number from 0 to 65535' },
    { name: 'a negative PORT', value: '-1', says: 'PORT: "-1" is not a whole number from 0 to 65535' },
    { name: 'a PORT in hexadecimal', value: '0x10', says: 'PORT: "0x10" is not a whole number from 0 to 65535' },
  ])('refuses $name, echoing it with the accepted range', ({ value, says }) => {
    expect(configErrorOf({ PORT: value }).message).toContain(says);
  });

  it.each<[string, number]>([
    ['0', 0],
    ['65535', 65535],
    [' 8080 ', 8080],
  ])('reads PORT=%j as %s', (value, port) => {
    expect(sut({ PORT: value }).http.port).toBe(port);
  });

  it.each<{ variable: string; value: string }>([
    { variable: 'WORKER_CONCURRENCY', value: '0' },
    { variable: 'JOB_ATTEMPTS', value: '-2' },
    { variable: 'CERT_VALIDITY_DAYS', value: '1.5' },
    { variable: 'SHUTDOWN_TIMEOUT_MS', value: '25s' },
    { variable: 'EVENTS_GLOBAL', value: '1e5' },
  ])('refuses $variable=$value, echoing it with the rule', ({ variable, value }) => {
    expect(configErrorOf({ [variable]: value }).message).toContain(`${variable}: "${value}" is not a whole number of 1 or more`);
  });

  it('reads a positive whole number, and the default when unset', () => {
    expect(sut({ WORKER_CONCURRENCY: '4' }).worker.concurrency).toBe(4);
    expect(sut({}).worker.attempts).toBe(6);
  });

  describe('PUBLIC_URL in production', () => {
    it.each(['http://localhost:3000', 'http://127.0.0.1:3000', 'https://127.0.8.1', 'http://[::1]:3000', 'http://0.0.0.0:3000', 'http://eo.localhost'])(
      'refuses %s, saying why',
      (url) => {
        const error = configErrorOf({ ...production(), PUBLIC_URL: url });

        expect(error.message).toContain(`PUBLIC_URL: "${url}" is this machine`);
        expect(error.message).toContain('CRL');
      },
    );

    it('refuses it unset, since it would then be http://localhost:$PORT', () => {
      const error = configErrorOf({ ...production(), PUBLIC_URL: undefined });

      expect(error.message).toContain('PUBLIC_URL: is required in production');
      expect(error.message).toContain('CRL');
    });

    it('refuses one that is not a URL as such', () => {
      expect(configErrorOf({ ...production(), PUBLIC_URL: 'not a url' }).message).toContain('PUBLIC_URL: Invalid URL');
    });

    it.each(['https://enroll.contoso.com', 'http://10.1.2.3:3000', 'https://localhost.contoso.com'])('accepts %s', (url) => {
      expect(sut({ ...production(), PUBLIC_URL: url }).http.publicUrl).toBe(url);
    });

    it('accepts localhost outside production', () => {
      expect(sut({ PUBLIC_URL: 'http://localhost:3000' }).http.publicUrl).toBe('http://localhost:3000');
    });
  });

  it.each<{ name: string; change: NodeJS.ProcessEnv; variable: string; mentions: string[] }>([
    {
      name: 'without AD FS',
      change: { ADFS_ISSUER: undefined, ADFS_AUDIENCE: undefined, ADFS_JWKS_URL: undefined },
      variable: 'ADFS_ISSUER',
      mentions: ['required in production'],
    },
    { name: 'without a CA passphrase', change: { CA_PASSPHRASE_FILE: undefined }, variable: 'CA_PASSPHRASE_FILE', mentions: ['required in production'] },
    { name: 'without admin API keys', change: { ADMIN_API_KEYS: undefined }, variable: 'ADMIN_API_KEYS', mentions: ['required in production'] },
    {
      name: 'with FAULT_HANG_AFTER_STEP',
      change: { FAULT_HANG_AFTER_STEP: 'authenticate' },
      variable: 'FAULT_HANG_AFTER_STEP',
      mentions: ['refused in production'],
    },
    {
      name: 'with FAULT_CRASH_AT_INTAKE',
      change: { FAULT_CRASH_AT_INTAKE: 'before-enqueue' },
      variable: 'FAULT_CRASH_AT_INTAKE',
      mentions: ['refused in production'],
    },
  ])('refuses production $name, naming $variable', ({ change, variable, mentions }) => {
    const error = configErrorOf({ ...production(), ...change });

    expect(error.message).toContain(`${variable}:`);
    for (const text of mentions) expect(error.message).toContain(text);
    expect(error.message.includes(adminKey)).toBe(false);
  });

  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads BULL_BOARD_READ_ONLY=%s as %s', (value, readOnly) => {
    expect(sut({ BULL_BOARD_READ_ONLY: value }).admin.bullBoardReadOnly).toBe(readOnly);
  });

  it('refuses a BULL_BOARD_READ_ONLY that is not a boolean, naming it', () => {
    expect(configErrorOf({ BULL_BOARD_READ_ONLY: 'yes' }).message).toContain('BULL_BOARD_READ_ONLY: must be true, false, 1 or 0');
  });

  it.each(['proxy.contoso.com', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/8', '10.0.0.0/'])(
    'refuses a TRUSTED_PROXY_CIDRS entry %s, saying which',
    (entry) => {
      expect(configErrorOf({ TRUSTED_PROXY_CIDRS: `192.168.0.0/16,${entry}` }).message).toContain(
        `TRUSTED_PROXY_CIDRS: "${entry}" is not an IP address or CIDR block`,
      );
    },
  );

  it('reads TRUSTED_PROXY_CIDRS as addresses and CIDR blocks of both families', () => {
    expect(sut({ TRUSTED_PROXY_CIDRS: '10.0.0.0/8, 192.168.1.5,2001:db8::/32' }).http.trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.5', '2001:db8::/32']);
    expect(sut({}).http.trustedProxies).toEqual([]);
  });

  it.each<[string | undefined, number]>([
    [undefined, 1000],
    ['3', 3],
  ])('reads EVENT_STREAMS_MAX=%s as %s streams', (value, max) => {
    expect(sut({ EVENT_STREAMS_MAX: value }).eventStreams).toEqual({ max });
  });

  it.each(['0', '-1', 'many'])('refuses EVENT_STREAMS_MAX=%s, naming it', (value) => {
    expect(configErrorOf({ EVENT_STREAMS_MAX: value }).message).toContain('EVENT_STREAMS_MAX:');
  });

  it('reads the seed nodes of a Redis Cluster from REDIS_URL', () => {
    const env = { REDIS_CLUSTER: 'true', REDIS_URL: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000' };

    expect(sut(env).redis).toEqual({ url: env.REDIS_URL, cluster: true, prefix: 'eo' });
  });

  it('allows FAULT_HANG_AFTER_STEP outside production', () => {
    expect(sut({ FAULT_HANG_AFTER_STEP: 'authenticate' }).worker.hangAfterStep).toBe('authenticate');
  });

  it('reads CA_PASSPHRASE_FILE and trims the passphrase', () => {
    const config = sut({ CA_PASSPHRASE_FILE: passphraseFile });

    expect(config.pki.passphraseIsDevDefault).toBe(false);
    // Compared as a boolean so a failure cannot print the passphrase.
    expect(config.pki.passphrase === filePassphrase).toBe(true);
  });

  it('refuses a CA_PASSPHRASE_FILE that cannot be read, naming it', () => {
    const missing = join(dir, 'does-not-exist');

    const error = configErrorOf({ CA_PASSPHRASE_FILE: missing });

    expect(error.message).toContain('CA_PASSPHRASE_FILE:');
    expect(error.message).toContain('cannot be read');
  });

  it('refuses a CA_PASSPHRASE_FILE holding a short passphrase without printing it', () => {
    const short = secret(8);
    const file = join(dir, 'short-passphrase');
    writeFileSync(file, `${short}\n`);

    const error = configErrorOf({ CA_PASSPHRASE_FILE: file });

    expect(error.message).toContain('CA_PASSPHRASE_FILE:');
    expect(error.message.includes(short)).toBe(false);
  });

  describe('the CA passphrase in production', () => {
    // The development default is published (it is in the source), so it protects nothing.
    const devPassphrase = sut({}).pki.passphrase;
    const inFile = (name: string, passphrase: string): string => {
      const file = join(dir, name);
      writeFileSync(file, `${passphrase}\n`);
      return file;
    };
    const asVariable = (passphrase: string): NodeJS.ProcessEnv => ({ CA_PASSPHRASE_FILE: undefined, CA_PASSPHRASE: passphrase });
    const asFile = (passphrase: string): NodeJS.ProcessEnv => ({ CA_PASSPHRASE_FILE: inFile(`ca-${secret(8)}`, passphrase) });

    it.each([
      { name: 'the development default in CA_PASSPHRASE', change: () => asVariable(devPassphrase), variable: 'CA_PASSPHRASE', why: 'development default' },
      {
        name: 'the development default in CA_PASSPHRASE_FILE',
        change: () => asFile(devPassphrase),
        variable: 'CA_PASSPHRASE_FILE',
        why: 'development default',
      },
      { name: 'a 15-character CA_PASSPHRASE', change: () => asVariable(secret(15)), variable: 'CA_PASSPHRASE', why: 'at least 16 characters in production' },
      {
        name: 'a 15-character CA_PASSPHRASE_FILE',
        change: () => asFile(secret(15)),
        variable: 'CA_PASSPHRASE_FILE',
        why: 'at least 16 characters in production',
      },
    ])('refuses $name, naming $variable and why', ({ change, variable, why }) => {
      const env = { ...production(), ...change() };

      const error = configErrorOf(env);

      expect(error.message).toContain(`${variable}: `);
      expect(error.message).toContain(why);
      expect(error.message.includes(devPassphrase)).toBe(false);
      if (env.CA_PASSPHRASE) expect(error.message.includes(env.CA_PASSPHRASE)).toBe(false);
    });

    it.each([
      { name: 'CA_PASSPHRASE', change: () => asVariable(secret(16)) },
      { name: 'CA_PASSPHRASE_FILE', change: () => asFile(secret(16)) },
    ])('accepts a 16-character $name', ({ change }) => {
      expect(sut({ ...production(), ...change() }).pki.passphraseIsDevDefault).toBe(false);
    });

    it.each([
      { name: 'CA_PASSPHRASE', change: () => asVariable(secret(12)) },
      { name: 'CA_PASSPHRASE_FILE', change: () => asFile(secret(12)) },
    ])('still accepts a 12-character $name outside production', ({ change }) => {
      expect(sut({ ...change() }).pki.passphraseIsDevDefault).toBe(false);
    });
  });

  it('refuses both CA_PASSPHRASE and CA_PASSPHRASE_FILE', () => {
    const error = configErrorOf({ CA_PASSPHRASE: caPassphrase, CA_PASSPHRASE_FILE: passphraseFile });

    expect(error.message).toContain('CA_PASSPHRASE:');
    expect(error.message.includes(caPassphrase)).toBe(false);
  });

  it.each([
    { raw: 'Contoso.COM', domains: ['contoso.com'] },
    { raw: ' Contoso.COM , fabrikam.com,,  ', domains: ['contoso.com', 'fabrikam.com'] },
    { raw: '', domains: [] },
  ])('parses ALLOWED_UPN_DOMAINS=$raw into lowercased domains', ({ raw, domains }) => {
    expect(sut({ ALLOWED_UPN_DOMAINS: raw }).identity.allowedUpnDomains).toEqual(domains);
  });

  it.each([
    { raw: 'https://enroll.contoso.com/', publicUrl: 'https://enroll.contoso.com' },
    { raw: 'https://enroll.contoso.com/eo//', publicUrl: 'https://enroll.contoso.com/eo' },
    { raw: 'https://enroll.contoso.com', publicUrl: 'https://enroll.contoso.com' },
  ])('normalises PUBLIC_URL=$raw to $publicUrl', ({ raw, publicUrl }) => {
    expect(sut({ PUBLIC_URL: raw }).http.publicUrl).toBe(publicUrl);
  });

  it('sends packages to the common Entra authority unless ENTRA_AUTHORITY names a tenant', () => {
    expect(sut({}).entra.authority).toBe('https://login.microsoftonline.com/common');
    expect(sut({ ENTRA_AUTHORITY: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/' }).entra.authority).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com',
    );
  });

  it('uses ADFS_JWKS_FILE and a custom ADFS_UPN_CLAIM when given', () => {
    const config = sut({
      ADFS_ISSUER: 'http://adfs.contoso.test/adfs/services/trust',
      ADFS_AUDIENCE: 'urn:enrollment-orchestrator',
      ADFS_JWKS_FILE: '/etc/adfs/jwks.json',
      ADFS_UPN_CLAIM: 'unique_name',
      JWKS_REFRESH_COOLDOWN_MS: '5000',
      ADFS_MAX_TOKEN_LIFETIME_S: '3600',
    });

    expect(config.identity).toMatchObject({
      mode: 'adfs',
      jwks: { file: '/etc/adfs/jwks.json' },
      upnClaim: 'unique_name',
      jwksRefreshCooldownMs: 5000,
      maxTokenLifetimeS: 3600,
    });
  });
});
