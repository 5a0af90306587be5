import { createPrivateKey, generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import fc from 'fast-check';
import { base64url, decodeJwt, importJWK, JWK, SignJWT } from 'jose';
import { Labeled } from './hostile-values';

/** An `Authorization` header value, or none. */
export type Authorization = string | undefined;

export type Wanted = 'admin' | 'user' | 'bulk' | 'any' | 'none';

/** The credential an input sends; `right` when it is the kind the endpoint wants. */
export interface Credential extends Labeled<Authorization> {
  right: boolean;
}

export interface CredentialSet {
  admin: Authorization;
  /** Bearer tokens of ordinary users, minted by the development identity provider. */
  users: Authorization[];
  /** Tokens that the real key signed with odd but acceptable claims: they pass and reach the worker. */
  oddUsers: Array<Labeled<Authorization>>;
  bulk: Authorization;
  /** Whatever a client might send instead of the right credential. */
  forged: Array<Labeled<Authorization>>;
}

interface DevKey {
  kid: string;
  privateJwk: JWK;
}

const bearer = (token: string) => `Bearer ${token}`;
const b64 = (value: unknown) => base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Forged credentials for every endpoint. Most JWTs are signed with the development identity provider's own
 * key (read from Redis) so that they pass the signature check and exercise the claim checks behind it.
 */
export async function forgeCredentials(options: {
  adminKey: string;
  devKey: DevKey;
  sampleUserToken: string;
  bulkToken: string;
  revokedBulkToken: string;
}): Promise<Array<Labeled<Authorization>>> {
  const { adminKey, devKey, sampleUserToken, bulkToken, revokedBulkToken } = options;
  const { iss, aud } = decodeJwt(sampleUserToken);
  const realKey = createPrivateKey({ key: devKey.privateJwk as unknown as Record<string, string>, format: 'jwk' });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const now = Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown>) => ({ iss, aud, exp: now + 3600, iat: now, upn: 'mallory@contoso.com', ...extra });
  // Signed by hand: JOSE libraries refuse to write some of these headers (crit, a kid that is an object).
  const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = realKey) => {
    const input = `${b64({ alg: 'RS256', kid: devKey.kid, typ: 'JWT', ...header })}.${b64(payload)}`;
    return `${input}.${base64url.encode(sign('sha256', Buffer.from(input), key))}`;
  };
  const [, , signature] = sampleUserToken.split('.');
  const withoutExp = claims({});
  delete (withoutExp as Record<string, unknown>).exp;

  const jwts: Array<[string, string]> = [
    ['JWT alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims({}))}.`],
    ['JWT HS256 keyed with the public key', `${b64({ alg: 'HS256', kid: devKey.kid })}.${b64(claims({}))}.${signature}`],
    ['JWT signed by a foreign key', signed(claims({}), {}, foreign)],
    ['JWT expired', signed(claims({ exp: now - 3600 }))],
    ['JWT not yet valid', signed(claims({ nbf: now + 3600 }))],
    ['JWT wrong issuer', signed(claims({ iss: 'https://evil.example/adfs' }))],
    ['JWT wrong audience', signed(claims({ aud: ['urn:other', 'urn:evil'] }))],
    ['JWT without exp', signed(withoutExp)],
    ['JWT exp as a string', signed(claims({ exp: String(now + 3600) }))],
    ['JWT without upn', signed(claims({ upn: undefined }))],
    ['JWT upn a number', signed(claims({ upn: 42 }))],
    ['JWT upn an array', signed(claims({ upn: ['a@contoso.com', 'b@contoso.com'] }))],
    ['JWT upn an object', signed(claims({ upn: { toString: 'x@contoso.com' } }))],
    ['JWT upn with control characters', signed(claims({ upn: 'a\u0000b\r\n@contoso.com' }))],
    ['JWT upn 300 characters', signed(claims({ upn: `${'a'.repeat(290)}@contoso.com` }))],
    ['JWT unknown kid', signed(claims({}), { kid: randomUUID() })],
    ['JWT kid an object', signed(claims({}), { kid: { $ne: null } })],
    ['JWT without kid', signed(claims({}), { kid: undefined })],
    ['JWT crit header', signed(claims({}), { crit: ['exp'] })],
    ['JWT huge claims', signed(claims({ pad: 'x'.repeat(6000) }))],
    ['JWT tampered payload', `${sampleUserToken.split('.')[0]}.${b64(claims({ upn: 'admin@contoso.com' }))}.${signature}`],
    ['JWT bad base64', 'eyJ!!!.eyJ???.***'],
    ['JWT header not JSON', `${b64('not json')}.${b64(claims({}))}.${signature}`],
    ['JWT header an array', `${b64([1, 2])}.${b64(claims({}))}.${signature}`],
    ['JWT empty segments', '..'],
    ['JWT four segments', `${sampleUserToken}.extra`],
  ];
  const forgedJwts = jwts.map(([label, token]) => ({ label, value: bearer(token) }));

  const flipped = adminKey.slice(0, -1) + (adminKey.endsWith('a') ? 'b' : 'a');
  return [
    { label: 'no credential', value: undefined },
    { label: 'empty authorization', value: '' },
    { label: 'Bearer without a token', value: 'Bearer' },
    { label: 'Bearer and spaces', value: 'Bearer    ' },
    { label: 'admin key, one character changed', value: bearer(flipped) },
    { label: 'admin key, truncated', value: bearer(adminKey.slice(0, 12)) },
    { label: 'admin key with a suffix', value: `${bearer(adminKey)} extra` },
    { label: 'admin key without a scheme', value: adminKey },
    { label: 'admin key, scheme Token', value: `Token ${adminKey}` },
    { label: 'admin key as Basic', value: `Basic ${Buffer.from(`admin:${adminKey}`).toString('base64')}` },
    { label: 'Basic garbage', value: 'Basic !!!not-base64' },
    { label: 'huge bearer token', value: bearer('A'.repeat(12_000)) },
    { label: 'bearer token of non-ASCII bytes', value: bearer('\u00ff\u00fe\u00e9\u00e0') },
    { label: 'forged bulk token', value: bearer(`eobt_${'A'.repeat(43)}`) },
    { label: 'bulk token prefix only', value: bearer('eobt_') },
    { label: 'revoked bulk token', value: bearer(revokedBulkToken) },
    { label: 'bulk token in another case', value: bearer(bulkToken.toUpperCase()) },
    { label: 'user token', value: bearer(sampleUserToken) },
    { label: 'bulk token', value: bearer(bulkToken) },
    { label: 'admin key', value: bearer(adminKey) },
    ...forgedJwts,
  ];
}

/** User tokens with odd UPNs that the verifier accepts, signed by the real key. */
export async function oddUserTokens(devKey: DevKey, sampleUserToken: string): Promise<Array<Labeled<Authorization>>> {
  const { iss, aud } = decodeJwt(sampleUserToken);
  const key = await importJWK(devKey.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const upns: Array<[string, string]> = [
    ['UPN __proto__', '__proto__@contoso.com'],
    ['UPN of 256 characters before the @', `${'u'.repeat(256)}@contoso.com`],
    ['UPN with unicode and bidi characters', '\u202eadmin\u00e9\u{1F600}@contoso.com'],
    ['UPN of another domain', 'eve@fabrikam.example'],
    ['UPN with upper case', 'MiXeD.Case@CONTOSO.COM'],
  ];
  return Promise.all(
    upns.map(async ([label, upn]) => ({
      label,
      value: bearer(
        await new SignJWT({ upn, unique_name: upn })
          .setProtectedHeader({ alg: 'RS256', kid: devKey.kid, typ: 'JWT' })
          .setIssuer(iss!)
          .setAudience(aud as string)
          .setIssuedAt(now)
          .setExpirationTime(now + 6 * 3600)
          .sign(key),
      ),
    })),
  );
}

/**
 * The credential for an endpoint that wants `wanted`: mostly the right one, sometimes a forged one or the
 * credential of another kind.
 */
export function credentialFor(set: CredentialSet, wanted: Wanted): fc.Arbitrary<Credential> {
  const right: fc.Arbitrary<Labeled<Authorization>> =
    wanted === 'admin'
      ? fc.constant({ label: 'admin key', value: set.admin })
      : wanted === 'any'
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constant({ label: 'admin key', value: set.admin }) },
            { weight: 1, arbitrary: fc.constantFrom(...set.users).map((value) => ({ label: 'user token', value })) },
            { weight: 1, arbitrary: fc.constant({ label: 'bulk token', value: set.bulk }) },
          )
        : wanted === 'user'
          ? fc.oneof(
              { weight: 6, arbitrary: fc.constantFrom(...set.users).map((value) => ({ label: 'user token', value })) },
              { weight: 1, arbitrary: fc.constantFrom(...set.oddUsers) },
            )
          : wanted === 'bulk'
            ? fc.constant({ label: 'bulk token', value: set.bulk })
            : fc.constant({ label: 'no credential', value: undefined });
  return fc.oneof(
    { weight: 5, arbitrary: right.map((credential) => ({ ...credential, right: true })) },
    { weight: 2, arbitrary: fc.constantFrom(...set.forged).map((credential) => ({ ...credential, right: false })) },
  );
}
