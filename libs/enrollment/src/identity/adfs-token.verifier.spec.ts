import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, exportJWK, generateKeyPair, JSONWebKeySet, JWK, JWTPayload, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { AdfsTokenVerifier, AdfsTrustSettings } from './adfs-token.verifier';
import { FileJwksSource, UrlJwksSource } from './jwks-source';
import { rejectionOf, FakeJwksSource, closedPort } from '../testing/spec-helpers';

const ISSUER = 'http://adfs.contoso.test/adfs/services/trust';
const AUDIENCE = 'urn:enrollment-orchestrator:test';
const DAY_S = 86_400;
const TRUST: AdfsTrustSettings = { issuer: ISSUER, audience: AUDIENCE, upnClaim: 'upn', maxTokenLifetimeS: DAY_S };
const KID = 'adfs-signing-1';
const ROLLED_KID = 'adfs-signing-2';
const COOLDOWN_MS = 30_000;

interface SigningKey {
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const keySet = (...keys: SigningKey[]): JSONWebKeySet => ({ keys: keys.map((key) => key.jwk) });
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  return { iss: ISSUER, aud: AUDIENCE, iat: nowSeconds(), exp: nowSeconds() + 3600, upn: 'Alice.Smith@Contoso.com', ...overrides };
}

function mint(key: SigningKey, payload: JWTPayload = claims(), { withKid = true } = {}): Promise<string> {
  const header = withKid ? { alg: 'RS256', typ: 'JWT', kid: key.jwk.kid } : { alg: 'RS256', typ: 'JWT' };
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(AdfsTokenVerifier.name, () => {
  let signer: SigningKey;
  let impostor: SigningKey; // same kid as signer, different key pair
  let rolled: SigningKey;

  beforeAll(async () => {
    signer = await signingKey(KID);
    impostor = await signingKey(KID);
    rolled = await signingKey(ROLLED_KID);
  });

  describe('with a fake key source', () => {
    let source: FakeJwksSource;
    let sut: AdfsTokenVerifier;

    beforeEach(() => {
      source = new FakeJwksSource(keySet(signer));
      sut = new AdfsTokenVerifier(TRUST, source);
    });

    it('returns the identity a valid RS256 token proves, with the UPN lowercased', async () => {
      const exp = nowSeconds() + 1800;

      const identity = await sut.verify(await mint(signer, claims({ exp })));

      expect(identity).toEqual({
        upn: 'alice.smith@contoso.com',
        issuer: ISSUER,
        keyId: KID,
        expiresAt: new Date(exp * 1000).toISOString(),
      });
      expect(source.freshLoads).toBe(0);
    });

    it('accepts a token without a kid when the key set has one matching key', async () => {
      const identity = await sut.verify(await mint(signer, claims(), { withKid: false }));

      expect(identity.keyId).toBeUndefined();
      expect(identity.upn).toBe('alice.smith@contoso.com');
    });

    it.each<{ name: string; token: () => Promise<string>; code: ErrorCode }>([
      { name: 'an expired token', token: () => mint(signer, claims({ exp: nowSeconds() - 3600 })), code: ErrorCode.TokenExpired },
      { name: 'a token without exp', token: () => mint(signer, claims({ exp: undefined })), code: ErrorCode.TokenInvalid },
      { name: 'a token not yet valid', token: () => mint(signer, claims({ nbf: nowSeconds() + 3600 })), code: ErrorCode.TokenInvalid },
      { name: 'a wrong audience', token: () => mint(signer, claims({ aud: 'urn:somebody-else' })), code: ErrorCode.TokenInvalid },
      { name: 'a wrong issuer', token: () => mint(signer, claims({ iss: 'http://evil.test/adfs' })), code: ErrorCode.TokenInvalid },
      { name: 'a signature by another key with the same kid', token: () => mint(impostor), code: ErrorCode.TokenInvalid },
      {
        name: 'an RS256 token whose signature was stripped',
        token: async () => (await mint(signer)).replace(/[^.]+$/, ''),
        code: ErrorCode.TokenInvalid,
      },
      {
        name: 'an HS256 token',
        token: () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough')),
        code: ErrorCode.TokenInvalid,
      },
      // An unsecured JWT (alg none) is well-formed per RFC 7519; it is refused by the RS256-only rule.
      { name: 'an alg none token', token: async () => new UnsecuredJWT(claims()).encode(), code: ErrorCode.TokenInvalid },
      { name: 'garbage', token: async () => 'this is not a jwt', code: ErrorCode.TokenMalformed },
      { name: 'an empty string', token: async () => '', code: ErrorCode.TokenMalformed },
      {
        name: 'a two-part string',
        token: async () => (await mint(signer)).split('.').slice(0, 2).join('.'),
        code: ErrorCode.TokenMalformed,
      },
      {
        name: 'a five-part (JWE-shaped) string',
        token: async () => `${b64url({ alg: 'RS256', kid: KID })}.a.b.c.d`,
        code: ErrorCode.TokenMalformed,
      },
      { name: 'a header that is not JSON', token: async () => 'bm90LWpzb24.e30.c2ln', code: ErrorCode.TokenMalformed },
      {
        name: 'a correctly signed token whose kid is not a string',
        token: () => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: { $ne: null } as unknown as string }).sign(signer.privateKey),
        code: ErrorCode.TokenMalformed,
      },
      {
        name: 'a correctly signed payload that is not JSON',
        token: () => new CompactSign(new TextEncoder().encode('not-json')).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(signer.privateKey),
        code: ErrorCode.TokenMalformed,
      },
      {
        name: 'a payload that is not JSON under a forged signature',
        token: async () => `${b64url({ alg: 'RS256', kid: KID })}.bm90LWpzb24.c2ln`,
        code: ErrorCode.TokenInvalid,
      },
      { name: 'a missing upn claim', token: () => mint(signer, claims({ upn: undefined })), code: ErrorCode.TokenInvalid },
      { name: 'a upn that is not a string', token: () => mint(signer, claims({ upn: 42 })), code: ErrorCode.TokenInvalid },
      { name: 'a bare user name as upn', token: () => mint(signer, claims({ upn: 'alice' })), code: ErrorCode.TokenInvalid },
      { name: 'a down-level logon name as upn', token: () => mint(signer, claims({ upn: 'CONTOSO\\alice' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with a single-label domain', token: () => mint(signer, claims({ upn: 'alice@contoso' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with a space', token: () => mint(signer, claims({ upn: 'alice smith@contoso.com' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with two @', token: () => mint(signer, claims({ upn: 'alice@x@contoso.com' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with NUL', token: () => mint(signer, claims({ upn: 'alice\u0000@contoso.com' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with a C0 control', token: () => mint(signer, claims({ upn: 'ali\u001bce@contoso.com' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with U+FFFE', token: () => mint(signer, claims({ upn: 'alice\ufffe@contoso.com' })), code: ErrorCode.TokenInvalid },
      { name: 'a upn with a lone surrogate', token: () => mint(signer, claims({ upn: 'alice\ud800@contoso.com' })), code: ErrorCode.TokenInvalid },
    ])('refuses $name with $code', async ({ token, code }) => {
      const error = await rejectionOf(sut.verify(await token()), EnrollmentError);

      expect(error.code).toBe(code);
      expect(error.permanent).toBe(true);
    });

    it.each<{ name: string; claims: () => JWTPayload; reason: string; maxTokenLifetimeS?: number }>([
      // AD FS always sets iat; without it the lifetime rule could not be checked.
      { name: 'a token without iat', claims: () => claims({ iat: undefined }), reason: "has no 'iat' claim" },
      { name: 'an iat that is not a number', claims: () => claims({ iat: 'yesterday' as unknown as number }), reason: "'iat' claim" },
      { name: 'an iat two minutes ahead', claims: () => claims({ iat: nowSeconds() + 120 }), reason: "'iat' claim is in the future" },
      {
        name: 'a lifetime of a day and a second',
        claims: () => claims({ iat: nowSeconds() - 60, exp: nowSeconds() - 60 + DAY_S + 1 }),
        reason: 'lifetime (exp - iat) of 86401 s exceeds the 86400 s allowed',
      },
      {
        name: 'a two-hour token under a one-hour maximum',
        claims: () => claims({ iat: nowSeconds(), exp: nowSeconds() + 7200 }),
        reason: 'lifetime (exp - iat) of 7200 s exceeds the 3600 s allowed',
        maxTokenLifetimeS: 3600,
      },
    ])('refuses $name with TOKEN_INVALID, naming the rule', async ({ claims: payload, reason, maxTokenLifetimeS = DAY_S }) => {
      const strict = new AdfsTokenVerifier({ ...TRUST, maxTokenLifetimeS }, source);

      const error = await rejectionOf(strict.verify(await mint(signer, payload())), EnrollmentError);

      expect(error).toMatchObject({ code: ErrorCode.TokenInvalid, permanent: true, message: expect.stringContaining(reason) });
    });

    it.each<{ name: string; claims: () => JWTPayload }>([
      { name: 'an iat within the clock skew ahead', claims: () => claims({ iat: nowSeconds() + 30 }) },
      { name: 'a lifetime of exactly a day', claims: () => claims({ iat: nowSeconds() - 60, exp: nowSeconds() - 60 + DAY_S }) },
      { name: 'a day-old iat on a token whose lifetime is within the day', claims: () => claims({ iat: nowSeconds() - DAY_S + 600, exp: nowSeconds() + 300 }) },
    ])('accepts $name', async ({ claims: payload }) => {
      const identity = await sut.verify(await mint(signer, payload()));

      expect(identity.upn).toBe('alice.smith@contoso.com');
    });

    it('does not reload the key set for a bad signature with a known kid', async () => {
      await rejectionOf(sut.verify(await mint(impostor)), EnrollmentError);

      expect(source.calls).toEqual([false]);
    });

    it('honours a custom upn claim name', async () => {
      const claim = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
      const custom = new AdfsTokenVerifier({ ...TRUST, upnClaim: claim }, source);

      const identity = await custom.verify(await mint(signer, claims({ upn: undefined, [claim]: 'Bob@Fabrikam.com' })));

      expect(identity.upn).toBe('bob@fabrikam.com');
    });

    it('ignores the default upn claim when a custom one is configured', async () => {
      const custom = new AdfsTokenVerifier({ ...TRUST, upnClaim: 'unique_name' }, source);

      const error = await rejectionOf(custom.verify(await mint(signer, claims({ upn: 'bob@fabrikam.com' }))), EnrollmentError);

      expect(error.code).toBe(ErrorCode.TokenInvalid);
      expect(error.message).toContain('unique_name');
    });

    it('reloads the key set exactly once for an unknown kid and accepts the rolled-over key', async () => {
      const rollover = new FakeJwksSource(keySet(signer), keySet(signer, rolled));
      const rolledSut = new AdfsTokenVerifier(TRUST, rollover);

      const identity = await rolledSut.verify(await mint(rolled));

      expect(identity.keyId).toBe(ROLLED_KID);
      expect(rollover.calls).toEqual([false, true]);
    });

    it('refuses an unknown kid after exactly one fresh reload that still lacks it', async () => {
      const error = await rejectionOf(sut.verify(await mint(rolled)), EnrollmentError);

      expect(error.code).toBe(ErrorCode.TokenInvalid);
      expect(source.freshLoads).toBe(1);
      expect(source.calls).toEqual([false, true]);
    });

    it('propagates a transient failure of the fresh reload', async () => {
      const unreachable = EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, 'AD FS is down');
      const failing = new (class extends FakeJwksSource {
        override async get(fresh = false): Promise<JSONWebKeySet> {
          if (fresh) throw unreachable;
          return super.get(fresh);
        }
      })(keySet(signer));

      const error = await rejectionOf(new AdfsTokenVerifier(TRUST, failing).verify(await mint(rolled)), EnrollmentError);

      expect(error).toBe(unreachable);
      expect(error.permanent).toBe(false);
    });
  });

  describe('with a UrlJwksSource against a local server', () => {
    let server: Server;
    let baseUrl: string;
    let served: JSONWebKeySet;
    let clock: number;
    const requests: string[] = [];
    const source = (path: string) => new UrlJwksSource(`${baseUrl}${path}`, { refreshCooldownMs: COOLDOWN_MS, now: () => clock });

    beforeAll(async () => {
      served = keySet(signer);
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        if (req.url === '/jwks') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
        } else if (req.url === '/not-a-key-set') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world' }));
        } else {
          res.writeHead(500).end('boom');
        }
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    beforeEach(() => {
      requests.length = 0;
      served = keySet(signer);
      clock = 1_000_000;
    });

    it('verifies with the served key set and caches it between tokens', async () => {
      const sut = new AdfsTokenVerifier(TRUST, source('/jwks'));

      const first = await sut.verify(await mint(signer));
      const second = await sut.verify(await mint(signer, claims({ upn: 'bob@contoso.com' })));

      expect([first.upn, second.upn]).toEqual(['alice.smith@contoso.com', 'bob@contoso.com']);
      expect(requests).toEqual(['/jwks']);
    });

    it('fetches the key set again when AD FS rolls over to a new key after the refresh cooldown', async () => {
      const sut = new AdfsTokenVerifier(TRUST, source('/jwks'));
      await sut.verify(await mint(signer));
      served = keySet(signer, rolled);
      clock += COOLDOWN_MS;

      const identity = await sut.verify(await mint(rolled));

      expect(identity.keyId).toBe(ROLLED_KID);
      expect(requests).toEqual(['/jwks', '/jwks']);
    });

    it('refuses an unknown kid within the refresh cooldown as untrusted, without fetching', async () => {
      const sut = new AdfsTokenVerifier(TRUST, source('/jwks'));
      await sut.verify(await mint(signer));
      served = keySet(signer, rolled);
      clock += COOLDOWN_MS - 1;

      const error = await rejectionOf(sut.verify(await mint(rolled)), EnrollmentError);

      expect(error).toMatchObject({ code: ErrorCode.TokenInvalid, permanent: true, message: expect.stringContaining('not signed by a trusted AD FS key') });
      expect(requests).toEqual(['/jwks']);
    });

    it('answers 1,000 concurrent tokens with random key ids 401, fetching the key set at most once more', async () => {
      const sut = new AdfsTokenVerifier(TRUST, source('/jwks'));
      await sut.verify(await mint(signer));
      clock += COOLDOWN_MS;
      // The signature is never reached for an unknown kid, so one signed payload serves every forged header.
      const [, payload, signature] = (await mint(signer)).split('.');
      const forged = Array.from({ length: 1000 }, () => `${b64url({ alg: 'RS256', typ: 'JWT', kid: randomUUID() })}.${payload}.${signature}`);

      const errors = await Promise.all(forged.map((token) => rejectionOf(sut.verify(token), EnrollmentError)));

      expect(errors.every((error) => error.code === ErrorCode.TokenInvalid && error.message.includes('not signed by a trusted AD FS key'))).toBe(true);
      expect(requests).toEqual(['/jwks', '/jwks']);
    });

    it.each([
      { name: 'an HTTP error', path: '/broken' },
      { name: 'a document that is not a key set', path: '/not-a-key-set' },
    ])('reports $name as a transient IDENTITY_PROVIDER_UNREACHABLE', async ({ path }) => {
      const sut = new AdfsTokenVerifier(TRUST, source(path));

      const error = await rejectionOf(sut.verify(await mint(signer)), EnrollmentError);

      expect(error.code).toBe(ErrorCode.IdentityProviderUnreachable);
      expect(error.permanent).toBe(false);
      expect(requests).toEqual([path]);
    });

    it('reports an unreachable URL as a transient IDENTITY_PROVIDER_UNREACHABLE', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/jwks`;
      const sut = new AdfsTokenVerifier(TRUST, new UrlJwksSource(url, { refreshCooldownMs: COOLDOWN_MS }));

      const error = await rejectionOf(sut.verify(await mint(signer)), EnrollmentError);

      expect(error.code).toBe(ErrorCode.IdentityProviderUnreachable);
      expect(error.permanent).toBe(false);
      expect(error.message).toContain(url);
    });
  });

  describe('with a FileJwksSource', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'adfs-jwks-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('verifies with the key set read from the file, and rereads it for a rolled-over key after the cooldown', async () => {
      const file = join(dir, 'jwks.json');
      writeFileSync(file, JSON.stringify(keySet(signer)));
      let clock = 0;
      const sut = new AdfsTokenVerifier(TRUST, new FileJwksSource(file, { refreshCooldownMs: COOLDOWN_MS, now: () => clock }));

      const before = await sut.verify(await mint(signer));
      writeFileSync(file, JSON.stringify(keySet(signer, rolled)));
      clock += COOLDOWN_MS;
      const after = await sut.verify(await mint(rolled));

      expect([before.keyId, after.keyId]).toEqual([KID, ROLLED_KID]);
    });

    it('reports a file that is not a key set as a transient IDENTITY_PROVIDER_UNREACHABLE', async () => {
      const file = join(dir, 'not-a-key-set.json');
      writeFileSync(file, JSON.stringify({ keys: 'nope' }));
      const sut = new AdfsTokenVerifier(TRUST, new FileJwksSource(file, { refreshCooldownMs: COOLDOWN_MS }));

      const error = await rejectionOf(sut.verify(await mint(signer)), EnrollmentError);

      expect(error.code).toBe(ErrorCode.IdentityProviderUnreachable);
      expect(error.permanent).toBe(false);
      expect(error.message).toContain(file);
    });
  });
});
