import { exportJWK, generateKeyPair, JSONWebKeySet, JWK } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { VerifiedIdentity } from '../workplace-join/workplace-join.schema';
import { IdentityPolicy } from './identity-policy';
import { JwksSource } from './jwks-source';
import { rejectionOf, FakeJwksSource } from '../testing/spec-helpers';

const CURRENT_KID = 'adfs-signing-current';
const NEXT_KID = 'adfs-signing-next';
const REVOKED_KID = 'adfs-signing-revoked';

class FailingJwksSource extends JwksSource {
  constructor(private readonly error: Error) {
    super();
  }

  async get(): Promise<JSONWebKeySet> {
    throw this.error;
  }
}

async function publicJwk(kid: string): Promise<JWK> {
  const { publicKey } = await generateKeyPair('RS256');
  return { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
}

function identity(overrides: Partial<VerifiedIdentity> = {}): VerifiedIdentity {
  return {
    upn: 'alice@contoso.com',
    issuer: 'http://adfs.contoso.test/adfs/services/trust',
    keyId: CURRENT_KID,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    ...overrides,
  };
}

describe(IdentityPolicy.name, () => {
  let current: JSONWebKeySet;
  let rolledOver: JSONWebKeySet;

  beforeAll(async () => {
    const [currentKey, nextKey] = await Promise.all([publicJwk(CURRENT_KID), publicJwk(NEXT_KID)]);
    current = { keys: [currentKey] };
    rolledOver = { keys: [currentKey, nextKey] };
  });

  describe('allowed UPN domains', () => {
    it.each<{ name: string; allowed: string[]; upn: string }>([
      { name: 'any domain when the list is empty', allowed: [], upn: 'alice@anywhere.example' },
      { name: 'a listed domain', allowed: ['contoso.com'], upn: 'alice@contoso.com' },
      { name: 'a listed domain written in upper case in the UPN', allowed: ['contoso.com'], upn: 'Alice@CONTOSO.Com' },
      { name: 'the second of several listed domains', allowed: ['contoso.com', 'fabrikam.com'], upn: 'bob@fabrikam.com' },
    ])('accepts $name', async ({ allowed, upn }) => {
      const sut = new IdentityPolicy(allowed, new FakeJwksSource(current));

      await expect(sut.check(identity({ upn }))).resolves.toBeUndefined();
    });

    it.each<{ name: string; allowed: string[]; upn: string }>([
      { name: 'an unlisted domain', allowed: ['contoso.com'], upn: 'mallory@fabrikam.com' },
      { name: 'a subdomain of a listed domain', allowed: ['contoso.com'], upn: 'mallory@eu.contoso.com' },
      { name: 'a domain that merely ends like a listed one', allowed: ['contoso.com'], upn: 'mallory@evilcontoso.com' },
      { name: 'a parent of a listed domain', allowed: ['eu.contoso.com'], upn: 'mallory@contoso.com' },
    ])('refuses $name with a permanent UPN_DOMAIN_NOT_ALLOWED', async ({ allowed, upn }) => {
      const keys = new FakeJwksSource(current);
      const sut = new IdentityPolicy(allowed, keys);

      const error = await rejectionOf(sut.check(identity({ upn })), EnrollmentError);

      expect(error.code).toBe(ErrorCode.UpnDomainNotAllowed);
      expect(error.permanent).toBe(true);
      expect(keys.calls).toEqual([]);
    });
  });

  describe('signing key still published', () => {
    it('resolves from the cached key set when the key id is published', async () => {
      const keys = new FakeJwksSource(current);
      const sut = new IdentityPolicy([], keys);

      await expect(sut.check(identity())).resolves.toBeUndefined();
      expect(keys.calls).toEqual([false]);
    });

    it('resolves after a fresh reload when only the reloaded key set publishes the key id', async () => {
      const keys = new FakeJwksSource(current, rolledOver);
      const sut = new IdentityPolicy([], keys);

      await expect(sut.check(identity({ keyId: NEXT_KID }))).resolves.toBeUndefined();
      expect(keys.calls).toEqual([false, true]);
    });

    it('refuses with a permanent IDENTITY_KEY_REVOKED when the key id is gone even after a fresh reload', async () => {
      const keys = new FakeJwksSource(current, rolledOver);
      const sut = new IdentityPolicy([], keys);

      const error = await rejectionOf(sut.check(identity({ keyId: REVOKED_KID })), EnrollmentError);

      expect(error.code).toBe(ErrorCode.IdentityKeyRevoked);
      expect(error.permanent).toBe(true);
      expect(keys.calls).toEqual([false, true]);
    });

    it('does not consult the key set when the identity carries no key id', async () => {
      const keys = new FakeJwksSource(current);
      const sut = new IdentityPolicy([], keys);

      await expect(sut.check(identity({ keyId: undefined }))).resolves.toBeUndefined();
      expect(keys.calls).toEqual([]);
    });

    it('propagates a transient failure of the key source unchanged', async () => {
      const unreachable = EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, 'AD FS key set could not be fetched');
      const sut = new IdentityPolicy(['contoso.com'], new FailingJwksSource(unreachable));

      const error = await rejectionOf(sut.check(identity()), EnrollmentError);

      expect(error).toBe(unreachable);
      expect(error.permanent).toBe(false);
      expect(error.code).toBe(ErrorCode.IdentityProviderUnreachable);
    });
  });
});
