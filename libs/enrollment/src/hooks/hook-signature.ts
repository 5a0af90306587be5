import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a hook's timestamp may be from the service's clock, either way. */
export const HOOK_TOLERANCE_SECONDS = 300;

/** `sha256=<lowercase hex>` of HMAC-SHA256 over `timestamp + "." + rawBody`, as Configuration Manager's script sends it. */
export function signHook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export type HookSignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch';

/** Checks a hook's signature headers; the comparison takes the same time whatever matches. */
export function checkHookSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): HookSignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > HOOK_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(signHook(secret, timestamp, rawBody));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'mismatch';
}
