import { pooled } from '@app/enrollment/concurrency/pooled';
import { ApiAnswer, ApiClient, errorOf } from './api-client';

/** What the bulk devices of a run present: the package they applied and its bulk token. */
export interface BulkCredentials {
  packageId: string;
  token: string;
  tokenId: string;
}

/** A user token per UPN from the development identity provider (`POST /dev/adfs/token`). */
export async function mintUserTokens(client: ApiClient, upns: string[], concurrency = 8): Promise<Map<string, string>> {
  const tokens = await pooled(
    upns.map((upn) => async () => {
      const answer = await client.call<{ access_token: string }>('POST', '/dev/adfs/token', { body: { upn } });
      expectStatus(answer, 200, 'POST /dev/adfs/token', answer.status === 404 ? 'is the development identity provider on?' : undefined);
      return answer.body!.access_token;
    }),
    concurrency,
  );
  return new Map(upns.map((upn, i) => [upn, tokens[i]]));
}

/**
 * A bulk token good for `devices` enrollments and a provisioning package that names devices `SIM-` and six
 * digits; with `mdmEnrollment`, devices enroll with that account over MS-MDE2.
 */
export async function createBulkCredentials(
  client: ApiClient,
  adminKey: string,
  devices: number,
  tag: string,
  mdmEnrollment?: { userPrincipalName: string },
): Promise<BulkCredentials> {
  const base = client.baseUrls[0];
  const token = await client.call<{ id: string; token: string }>('POST', '/v1/bulk-tokens', {
    base,
    bearer: adminKey,
    body: { expiresAt: new Date(Date.now() + 864e5).toISOString(), maxUses: devices },
  });
  expectStatus(token, 201, 'POST /v1/bulk-tokens');
  const pkg = await client.call<{ id: string }>('POST', '/v1/provisioning-packages', {
    base,
    bearer: adminKey,
    body: { name: `Simulation ${tag}`, deviceNameTemplate: 'SIM-%RAND:6%', bulkTokenId: token.body!.id, ...(mdmEnrollment ? { mdmEnrollment } : {}) },
  });
  expectStatus(pkg, 201, 'POST /v1/provisioning-packages');
  return { packageId: pkg.body!.id, token: token.body!.token, tokenId: token.body!.id };
}

/** Throws a clear error (status, code, message; never a credential) unless the answer has `status`. */
export function expectStatus(answer: ApiAnswer, status: number, what: string, hint?: string): void {
  if (answer.status === status) return;
  const { code, message } = errorOf(answer);
  throw new Error(`${what} answered ${answer.status} ${code}: ${message}${hint ? ` (${hint})` : ''}`);
}
