import { randomBytes, randomUUID } from 'node:crypto';
import { assertTokenExpiry, BULK_TOKEN_STATE_ERRORS, bulkTokenState } from './';
import { SecretBox } from '../crypto/secret-box';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { BulkTokenRecord, BulkTokenRepository, hashBulkToken } from './bulk-token.repository';

/** Bulk tokens are recognisable by this prefix, so a credential is routed without trying every kind. */
export const BULK_TOKEN_PREFIX = 'eobt_';

/** Issues, checks and reveals bulk tokens; their values exist only hashed and sealed at rest. */
export class BulkTokenService {
  constructor(
    private readonly tokens: BulkTokenRepository,
    private readonly box: SecretBox,
  ) {}

  /** Issues a token; the value is returned this once and never stored in the clear. */
  async issue(request: { expiresAt: Date; maxUses?: number }, now = new Date()): Promise<{ record: BulkTokenRecord; token: string }> {
    assertTokenExpiry(request.expiresAt, now);
    const token = `${BULK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record: BulkTokenRecord = {
      id: randomUUID(),
      tokenHash: hashBulkToken(token),
      sealedToken: this.box.seal(token),
      expiresAt: request.expiresAt.getTime(),
      maxUses: request.maxUses,
      uses: 0,
      createdAt: now.getTime(),
    };
    await this.tokens.create(record);
    return { record, token };
  }

  /**
   * The token's record when it may still be used (unknown, expired and revoked tokens throw 401-class
   * errors). Running out of uses depends on the device, so callers check that with `isExhaustedFor`.
   */
  async authenticate(token: string, now = Date.now()): Promise<BulkTokenRecord> {
    const record = token.startsWith(BULK_TOKEN_PREFIX) ? await this.tokens.findByValue(token) : null;
    if (!record) throw EnrollmentError.permanent(ErrorCode.BulkTokenInvalid, 'The bulk token is not valid');
    const state = bulkTokenState(record, now);
    if (state === 'expired' || state === 'revoked') {
      throw EnrollmentError.permanent(BULK_TOKEN_STATE_ERRORS[state], `The bulk token is ${state}`);
    }
    return record;
  }

  /** True when the token has no use left for a device it has not already counted. */
  async isExhaustedFor(record: BulkTokenRecord, deviceSubject: string): Promise<boolean> {
    if (record.maxUses === undefined || record.uses < record.maxUses) return false;
    return !(await this.tokens.isCounted(record.id, deviceSubject));
  }

  /** The token value, for the package XML that carries it. */
  reveal(record: BulkTokenRecord): string {
    return this.box.open(record.sealedToken);
  }
}
