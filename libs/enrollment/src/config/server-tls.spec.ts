import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedServerCertificate } from '../pki/testing/server-certificate';
import { ConfigError, loadConfig } from './config';
import { httpsWarnings, readServerTls, ServerTls } from './server-tls';

/** Passphrases are random and only ever compared as booleans, so that a failure cannot print one. */
const passphrase = (): string => randomBytes(15).toString('base64url');

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  let failure: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error('expected loadConfig to throw a ConfigError');
  expect(failure).toBeInstanceOf(ConfigError);
  return failure as ConfigError;
}

describe('TLS in loadConfig', () => {
  const sut = loadConfig;
  let dir: string;
  const write = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  let certFile: string;
  let keyFile: string;
  let encryptedKeyFile: string;
  let keyPassphrase: string;
  let keyPassphraseFile: string;
  let otherKeyFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eo-tls-'));
    keyPassphrase = passphrase();
    const server = selfSignedServerCertificate();
    certFile = write('server.crt', server.cert);
    keyFile = write('server.key', server.key);
    const encrypted = selfSignedServerCertificate({ passphrase: keyPassphrase });
    write('encrypted.crt', encrypted.cert);
    encryptedKeyFile = write('encrypted.key', encrypted.key);
    keyPassphraseFile = write('passphrase', `${keyPassphrase}\n`);
    otherKeyFile = write('other.key', selfSignedServerCertificate().key);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const encryptedPair = (): NodeJS.ProcessEnv => ({ TLS_CERT_FILE: join(dir, 'encrypted.crt'), TLS_KEY_FILE: encryptedKeyFile });

  it('serves plain HTTP when neither file is set', () => {
    const config = sut({});

    expect(config.http.tls).toBeUndefined();
    expect(config.http.publicUrl).toBe('http://localhost:3000');
  });

  it('reads the certificate and key, and defaults PUBLIC_URL to https://localhost:$PORT', () => {
    const config = sut({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, PORT: '8443' });

    expect(config.http.tls?.cert.toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect(config.http.tls?.key.toString()).toContain('PRIVATE KEY-----');
    expect(config.http.tls?.passphrase).toBeUndefined();
    expect(config.http.publicUrl).toBe('https://localhost:8443');
  });

  it('keeps an explicit PUBLIC_URL', () => {
    expect(sut({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, PUBLIC_URL: 'https://enroll.contoso.test' }).http.publicUrl).toBe(
      'https://enroll.contoso.test',
    );
  });

  it('opens an encrypted key with TLS_KEY_PASSPHRASE_FILE, trimmed', () => {
    const tls = sut({ ...encryptedPair(), TLS_KEY_PASSPHRASE_FILE: keyPassphraseFile }).http.tls;

    expect(tls?.passphrase === keyPassphrase).toBe(true);
  });

  it('opens an encrypted key with TLS_KEY_PASSPHRASE', () => {
    const tls = sut({ ...encryptedPair(), TLS_KEY_PASSPHRASE: keyPassphrase }).http.tls;

    expect(tls?.passphrase === keyPassphrase).toBe(true);
  });

  it.each<{ name: string; env: () => NodeJS.ProcessEnv; variable: string; says: string }>([
    { name: 'a certificate without a key', env: () => ({ TLS_CERT_FILE: certFile }), variable: 'TLS_KEY_FILE', says: 'is required with TLS_CERT_FILE' },
    { name: 'a key without a certificate', env: () => ({ TLS_KEY_FILE: keyFile }), variable: 'TLS_CERT_FILE', says: 'is required with TLS_KEY_FILE' },
    {
      name: 'both TLS_KEY_PASSPHRASE and TLS_KEY_PASSPHRASE_FILE',
      env: () => ({ ...encryptedPair(), TLS_KEY_PASSPHRASE: keyPassphrase, TLS_KEY_PASSPHRASE_FILE: keyPassphraseFile }),
      variable: 'TLS_KEY_PASSPHRASE',
      says: 'set only one of TLS_KEY_PASSPHRASE or TLS_KEY_PASSPHRASE_FILE',
    },
    {
      name: 'a passphrase with no key',
      env: () => ({ TLS_KEY_PASSPHRASE_FILE: keyPassphraseFile }),
      variable: 'TLS_KEY_PASSPHRASE_FILE',
      says: 'TLS_KEY_FILE is not',
    },
    {
      name: 'a TLS_CERT_FILE that cannot be read',
      env: () => ({ TLS_CERT_FILE: join(dir, 'missing.crt'), TLS_KEY_FILE: keyFile }),
      variable: 'TLS_CERT_FILE',
      says: 'cannot be read',
    },
    {
      name: 'a TLS_KEY_FILE that cannot be read',
      env: () => ({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: join(dir, 'missing.key') }),
      variable: 'TLS_KEY_FILE',
      says: 'cannot be read',
    },
    {
      name: 'a TLS_KEY_PASSPHRASE_FILE that cannot be read',
      env: () => ({ ...encryptedPair(), TLS_KEY_PASSPHRASE_FILE: join(dir, 'missing-passphrase') }),
      variable: 'TLS_KEY_PASSPHRASE_FILE',
      says: 'cannot be read',
    },
    {
      name: 'an empty TLS_KEY_PASSPHRASE_FILE',
      env: () => ({ ...encryptedPair(), TLS_KEY_PASSPHRASE_FILE: write('empty-passphrase', '\n') }),
      variable: 'TLS_KEY_PASSPHRASE_FILE',
      says: 'the file is empty',
    },
    {
      name: 'the key given as the certificate',
      env: () => ({ TLS_CERT_FILE: keyFile, TLS_KEY_FILE: keyFile }),
      variable: 'TLS_CERT_FILE',
      says: 'holds no PEM certificate',
    },
    {
      name: 'the certificate given as the key',
      env: () => ({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: certFile }),
      variable: 'TLS_KEY_FILE',
      says: 'holds no PEM private key',
    },
    {
      name: 'a key that is not the certificate’s',
      env: () => ({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: otherKeyFile }),
      variable: 'TLS_KEY_FILE',
      says: 'is not the private key of the certificate in TLS_CERT_FILE',
    },
    {
      name: 'an encrypted key without a passphrase',
      env: () => encryptedPair(),
      variable: 'TLS_KEY_FILE',
      says: 'is encrypted, and no passphrase is set',
    },
  ])('refuses $name, naming $variable', ({ env, variable, says }) => {
    const error = configErrorOf(env());

    expect(error.message).toContain(`${variable}: `);
    expect(error.message).toContain(says);
    expect(error.message.includes(keyPassphrase)).toBe(false);
  });

  it.each([
    { variable: 'TLS_KEY_PASSPHRASE_FILE', env: (wrong: string) => ({ TLS_KEY_PASSPHRASE_FILE: write('wrong-passphrase', wrong) }) },
    { variable: 'TLS_KEY_PASSPHRASE', env: (wrong: string) => ({ TLS_KEY_PASSPHRASE: wrong }) },
  ])('refuses a wrong passphrase in $variable, naming it and not the passphrase', ({ variable, env }) => {
    const wrong = passphrase();

    const error = configErrorOf({ ...encryptedPair(), ...env(wrong) });

    expect(error.message).toContain(`${variable}: is not the passphrase of the private key in TLS_KEY_FILE`);
    expect(error.message.includes(wrong) || error.message.includes(keyPassphrase)).toBe(false);
  });

  it('says in production that an unset PUBLIC_URL would be https://localhost:$PORT', () => {
    const error = configErrorOf({ NODE_ENV: 'production', TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile });

    expect(error.message).toContain('PUBLIC_URL: is required in production (unset, it is https://localhost:$PORT)');
  });
});

describe(httpsWarnings.name, () => {
  const sut = httpsWarnings;
  let dir: string;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'eo-tls-warnings-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** TLS as loadConfig reads it, for a certificate made with these options. */
  const tls = (options: Parameters<typeof selfSignedServerCertificate>[0] = {}): ServerTls => {
    const { cert, key } = selfSignedServerCertificate(options);
    const name = randomBytes(4).toString('hex');
    writeFileSync(join(dir, `${name}.crt`), cert);
    writeFileSync(join(dir, `${name}.key`), key);
    return readServerTls({ certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) });
  };

  it.each<{ name: string; publicUrl: string; production: boolean; withTls?: () => ServerTls; says?: string[] }>([
    { name: 'plain HTTP in development', publicUrl: 'http://localhost:3000', production: false },
    { name: 'an https PUBLIC_URL in production (TLS at a proxy)', publicUrl: 'https://enroll.contoso.test', production: true },
    {
      name: 'an http PUBLIC_URL in production',
      publicUrl: 'http://enroll.contoso.test',
      production: true,
      says: ['PUBLIC_URL is http://enroll.contoso.test', 'Windows enrolls only over HTTPS', 'TRUSTED_PROXY_CIDRS', 'TLS_CERT_FILE'],
    },
    {
      name: 'an http PUBLIC_URL while serving HTTPS',
      publicUrl: 'http://localhost:3000',
      production: false,
      withTls: () => tls(),
      says: ['serves HTTPS', 'PUBLIC_URL=https://localhost:3000'],
    },
    { name: 'a certificate naming the host', publicUrl: 'https://localhost:3000', production: false, withTls: () => tls() },
    { name: 'a certificate naming the IP address', publicUrl: 'https://127.0.0.1:3000', production: false, withTls: () => tls() },
    {
      name: 'a certificate naming other hosts',
      publicUrl: 'https://enroll.contoso.test',
      production: true,
      withTls: () => tls({ names: ['other.contoso.test'] }),
      says: ['DNS:other.contoso.test', 'not enroll.contoso.test, the host of PUBLIC_URL', 'enterpriseenrollment.'],
    },
    {
      name: 'an expired certificate',
      publicUrl: 'https://localhost:3000',
      production: false,
      withTls: () => tls({ notBefore: new Date(Date.now() - 2 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }),
      says: ['expired on'],
    },
  ])('for $name: $says', ({ publicUrl, production, withTls, says = [] }) => {
    const warnings = sut({ publicUrl, tls: withTls?.() }, production);

    expect(warnings.length).toBe(says.length > 0 ? 1 : 0);
    for (const text of says) expect(warnings.join('\n')).toContain(text);
  });
});
