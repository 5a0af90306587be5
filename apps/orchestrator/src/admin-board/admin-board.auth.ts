import type { Request, RequestHandler } from 'express';
import { ErrorCode } from '@app/enrollment';
import { bearerToken } from '../auth/principal';

/** What browsers show in their sign-in dialog. */
export const ADMIN_BOARD_REALM = 'Enrollment Orchestrator';

const CHALLENGE = `Basic realm="${ADMIN_BOARD_REALM}", charset="UTF-8"`;

/**
 * The admin key a request presents: the password of HTTP Basic (what a browser sends after its sign-in
 * dialog; the user name is ignored), or `Authorization: Bearer <key>` as the API takes it, for scripts.
 */
export function presentedAdminKey(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (basic) {
    const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    return colon === -1 ? undefined : credentials.slice(colon + 1);
  }
  return bearerToken(request);
}

/**
 * A plain Express middleware in front of everything under the board's route (page, API and static
 * files). It never throws: a request without a valid admin key is answered here with 401 and a Basic
 * challenge, in the API's error format, and goes no further.
 */
export function adminBoardAuth(isAdminKey: (candidate: string) => boolean): RequestHandler {
  return (request, response, next) => {
    const key = presentedAdminKey(request);
    if (key !== undefined && isAdminKey(key)) {
      next();
      return;
    }
    response
      .status(401)
      .set('WWW-Authenticate', CHALLENGE)
      .set('Cache-Control', 'no-store')
      .json({
        error:
          key === undefined
            ? { code: ErrorCode.TokenMissing, message: 'Sign in with an admin key as the password (any user name)' }
            : { code: ErrorCode.AdminKeyInvalid, message: 'The admin API key is not valid' },
      });
  };
}
