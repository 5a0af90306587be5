import { randomUUID } from 'node:crypto';

/** The MS-DVRJ ErrorDetails object every refusal of the JSON endpoints carries. */
export interface DvrjErrorDetails {
  ErrorType: string;
  Message: string;
  TraceId: string;
  Time: string;
}

/** An ErrorDetails for `code` (the service's error code) with a fresh trace id. */
export function renderErrorDetails(code: string, message: string, now = new Date(), traceId: string = randomUUID()): DvrjErrorDetails {
  return { ErrorType: code, Message: message, TraceId: traceId, Time: now.toISOString() };
}
