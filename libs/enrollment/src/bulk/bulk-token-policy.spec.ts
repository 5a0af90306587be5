import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { assertTokenExpiry, BULK_TOKEN_STATE_ERRORS, BulkTokenState, BulkTokenUsage, bulkTokenState, MAX_BULK_TOKEN_DAYS } from './bulk-token-policy';

const NOW = Date.parse('2024-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

describe(assertTokenExpiry.name, () => {
  it('allows tokens of up to 180 days', () => {
    expect(MAX_BULK_TOKEN_DAYS).toBe(180);
  });

  it.each<{ name: string; expiresAt: number }>([
    { name: '1 ms from now', expiresAt: NOW + 1 },
    { name: 'one day from now', expiresAt: NOW + DAY },
    { name: 'exactly 180 days from now', expiresAt: NOW + 180 * DAY },
  ])('accepts an expiry $name', ({ expiresAt }) => {
    expect(() => assertTokenExpiry(new Date(expiresAt), new Date(NOW))).not.toThrow();
  });

  it.each<{ name: string; expiresAt: number; message: RegExp }>([
    { name: 'now', expiresAt: NOW, message: /must be in the future/ },
    { name: 'in the past', expiresAt: NOW - DAY, message: /must be in the future/ },
    { name: '180 days and 1 ms from now', expiresAt: NOW + 180 * DAY + 1, message: /more than 180 days ahead/ },
    { name: 'a year from now', expiresAt: NOW + 365 * DAY, message: /more than 180 days ahead/ },
    { name: 'not a date', expiresAt: Number.NaN, message: /not a valid date/ },
  ])('refuses an expiry $name', ({ expiresAt, message }) => {
    let failure: unknown;
    try {
      assertTokenExpiry(new Date(expiresAt), new Date(NOW));
    } catch (error) {
      failure = error;
    }

    expect(failure).toBeInstanceOf(EnrollmentError);
    expect(failure).toMatchObject({ code: ErrorCode.ValidationFailed, permanent: true });
    expect((failure as Error).message).toMatch(message);
  });
});

describe(bulkTokenState.name, () => {
  it.each<{ name: string; token: BulkTokenUsage; expected: BulkTokenState }>([
    { name: 'a fresh token', token: { expiresAt: NOW + DAY, uses: 0 }, expected: 'active' },
    { name: 'a token expiring 1 ms from now', token: { expiresAt: NOW + 1, uses: 0 }, expected: 'active' },
    { name: 'a token with uses left', token: { expiresAt: NOW + DAY, maxUses: 3, uses: 2 }, expected: 'active' },
    { name: 'a token expiring now', token: { expiresAt: NOW, uses: 0 }, expected: 'expired' },
    { name: 'a token expired in the past', token: { expiresAt: NOW - DAY, uses: 0 }, expected: 'expired' },
    { name: 'a token at its last use', token: { expiresAt: NOW + DAY, maxUses: 3, uses: 3 }, expected: 'exhausted' },
    { name: 'a token past its last use', token: { expiresAt: NOW + DAY, maxUses: 1, uses: 2 }, expected: 'exhausted' },
    { name: 'a revoked token', token: { expiresAt: NOW + DAY, revokedAt: NOW - 1, uses: 0 }, expected: 'revoked' },
    { name: 'a token revoked at 0 ms', token: { expiresAt: NOW + DAY, revokedAt: 0, uses: 0 }, expected: 'revoked' },
    { name: 'a revoked and expired token', token: { expiresAt: NOW - DAY, revokedAt: NOW - 2 * DAY, uses: 0 }, expected: 'revoked' },
    { name: 'a revoked and exhausted token', token: { expiresAt: NOW + DAY, revokedAt: NOW, maxUses: 1, uses: 1 }, expected: 'revoked' },
    { name: 'an expired and exhausted token', token: { expiresAt: NOW, maxUses: 1, uses: 1 }, expected: 'expired' },
  ])('calls $name $expected', ({ token, expected }) => {
    expect(bulkTokenState(token, NOW)).toBe(expected);
  });
});

describe('BULK_TOKEN_STATE_ERRORS', () => {
  it('reports each unusable state with its own code', () => {
    expect(BULK_TOKEN_STATE_ERRORS).toEqual({
      expired: ErrorCode.BulkTokenExpired,
      revoked: ErrorCode.BulkTokenRevoked,
      exhausted: ErrorCode.BulkTokenExhausted,
    });
  });
});
