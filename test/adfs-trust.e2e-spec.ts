import { createServer, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { OpensslWorkspace } from './support/openssl';
import { freePort, TestService } from './support/service';
import { waitFor } from './support/wait';

const ISSUER = 'https://adfs.contoso.com/adfs';
const AUDIENCE = 'urn:ms-drs:enrollment.contoso.com';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

describe('production with a configured AD FS trust (JWKS URL)', () => {
  const openssl = new OpensslWorkspace();
  let jwksServer: Server;
  let published: JWK[] = [];
  let available = true;
  let fetches = 0;
  let service: TestService;
  let current: SigningKey;
  let next: SigningKey;

  const token = (key: SigningKey, upn: string) =>
    new SignJWT({ upn })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key.privateKey);

  const join = (bearer: string) =>
    service.api('POST', '/v1/workplace-joins', {
      token: bearer,
      body: { deviceId: randomUUID(), deviceName: 'PC10', domain: 'contoso.com', osVersion: '6.1.7601', csr: openssl.csr().pem },
    });

  beforeAll(async () => {
    [current, next] = await Promise.all([signingKey(), signingKey()]);
    published = [current.jwk];
    const port = await freePort();
    jwksServer = createServer((_, response) => {
      fetches++;
      if (!available) {
        response.statusCode = 503;
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(port, '127.0.0.1', resolve));
    const passphraseFile = openssl.write('ca-passphrase', 'a-long-production-passphrase\n');
    service = new TestService('adfs', {
      NODE_ENV: 'production',
      // Production refuses a loopback PUBLIC_URL; these tests reach the service at its port, not through it.
      PUBLIC_URL: 'https://enroll.contoso.test',
      ADFS_ISSUER: ISSUER,
      ADFS_AUDIENCE: AUDIENCE,
      ADFS_JWKS_URL: `http://127.0.0.1:${port}/adfs/discovery/keys`,
      ALLOWED_UPN_DOMAINS: 'contoso.com',
      CA_PASSPHRASE: '',
      CA_PASSPHRASE_FILE: passphraseFile,
      // These tests publish a key and use it at once, which AD FS never does; the last one restarts with a long cooldown.
      JWKS_REFRESH_COOLDOWN_MS: '1',
    });
    await service.start(0);
  });

  afterAll(async () => {
    await service.stop();
    jwksServer.close();
    openssl.dispose();
  });

  it('has no development identity provider', async () => {
    const response = await service.api('POST', '/dev/adfs/token', { body: { upn: 'alice@contoso.com' } });
    expect(response.status).toBe(404);
    expect(service.orchestrator.output).not.toContain('DEVELOPMENT IDENTITY PROVIDER');
  });

  it('fails a request in the authenticate step when its AD FS key was withdrawn before a worker took it', async () => {
    const accepted = await join(await token(current, 'frank@contoso.com'));
    expect(accepted.status).toBe(202);
    published = [next.jwk]; // rollover at AD FS while the request waits in the queue
    await service.startWorker();
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('failed');
    expect(request.error.code).toBe('IDENTITY_KEY_REVOKED');
    expect(request.steps[0]).toMatchObject({ name: 'authenticate', status: 'failed', attempts: 1 });
  });

  it('accepts tokens signed by the new key after a rollover, and again the old one when it is republished', async () => {
    const withNew = await service.finished((await join(await token(next, 'grace@contoso.com'))).body.requestId);
    expect(withNew.status).toBe('succeeded');
    published = [current.jwk, next.jwk];
    const withOld = await service.finished((await join(await token(current, 'heidi@contoso.com'))).body.requestId);
    expect(withOld.status).toBe('succeeded');
  });

  it('fails a user of a domain that is not allowed with UPN_DOMAIN_NOT_ALLOWED, without retrying', async () => {
    const accepted = await join(await token(next, 'ivan@fabrikam.com'));
    expect(accepted.status).toBe(202);
    const request = await service.finished(accepted.body.requestId);
    expect(request.error.code).toBe('UPN_DOMAIN_NOT_ALLOWED');
    expect(request.steps[0].attempts).toBe(1);
    expect(request.device).toBeUndefined();
  });

  it('refuses a token for the right issuer signed by an unknown key', async () => {
    const stranger = await signingKey();
    const response = await join(await token(stranger, 'judy@contoso.com'));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_INVALID');
  });

  it('retries the authenticate step while AD FS is unreachable, then completes (event 102 in between)', async () => {
    // A new worker has no cached key set, so it must reach AD FS.
    await Promise.all(service.workers.splice(0).map((worker) => worker.stop()));
    await service.startWorker();
    available = false;
    const accepted = await join(await token(next, 'kim@contoso.com'));
    expect(accepted.status).toBe(202);
    await waitFor(async () => {
      const { body } = await service.admin('GET', `/v1/requests/${accepted.body.requestId}`);
      return body.steps[0].error?.code === 'IDENTITY_PROVIDER_UNREACHABLE' ? true : undefined;
    });
    available = true;
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('succeeded');
    expect(request.steps[0].attempts).toBeGreaterThanOrEqual(2);
    const events = (await service.admin('GET', `/v1/events?requestId=${request.requestId}`)).body.items;
    const unreachable = events.find((event: any) => event.eventId === 102);
    expect(unreachable).toMatchObject({ level: 3, data: { ErrorCode: 'IDENTITY_PROVIDER_UNREACHABLE' } });
    expect(events.filter((event: any) => event.eventId === 1000)).toHaveLength(1);
  });

  it('refuses a flood of tokens with made-up key ids with 401, fetching the AD FS key set once', async () => {
    await service.restartOrchestrator({ JWKS_REFRESH_COOLDOWN_MS: '600000' });
    fetches = 0;
    // An unknown kid is refused before its signature is looked at, so one signed token serves every forged header.
    const [, payload, signature] = (await token(next, 'mallory@contoso.com')).split('.');
    const header = () => Buffer.from(JSON.stringify({ alg: 'RS256', kid: randomUUID() })).toString('base64url');
    const forged = Array.from({ length: 200 }, () => `${header()}.${payload}.${signature}`);

    const responses = await Promise.all(forged.map((bearer) => service.api('POST', '/v1/workplace-joins', { token: bearer, body: {} })));

    expect(responses.map((response) => `${response.status} ${response.body.error?.code}`)).toEqual(forged.map(() => '401 TOKEN_INVALID'));
    expect(fetches).toBe(1);
  });
});
