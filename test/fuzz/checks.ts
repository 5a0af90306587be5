import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseSyncml, SYNCML_CONTENT_TYPE } from '@app/enrollment';
import { WireResponse } from './wire';

/**
 * A check of one answer beyond those every answer gets (no 5xx, in time): returns what is wrong, or
 * undefined. Endpoint rows name theirs in `check`.
 */
export type ResponseCheck = (response: WireResponse, request: CheckedRequest) => string | undefined;

export interface CheckedRequest {
  method: string;
  /** Bytes of body the request carried (before any content coding). */
  bodyBytes: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Answers Node's HTTP parser gives by itself (before the application sees the request) carry no body to check. */
function fromNodeParser(response: WireResponse): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  return response.body === '' && response.headers['content-type'] === undefined;
}

/** Answers to HEAD have a head only. */
const headOnly = (response: WireResponse, request: CheckedRequest) => fromNodeParser(response) || request.method.toUpperCase() === 'HEAD';

/**
 * The JSON API's contract: an error is `{ error: { code, message } }` with a code in capitals, and a 202
 * names its request and where to follow it.
 */
export const apiContract: ResponseCheck = (response, request) => {
  if (headOnly(response, request)) return undefined;
  if (response.status >= 400) {
    let body: any;
    try {
      body = JSON.parse(response.body);
    } catch {
      return `error answer is not JSON (${response.headers['content-type'] ?? 'no content type'})`;
    }
    const code = body?.error?.code;
    if (typeof code !== 'string' || !/^[A-Z0-9_]+$/.test(code) || typeof body.error.message !== 'string') {
      return 'error answer is not { error: { code, message } }';
    }
    if (request.bodyBytes === 0 && /body is not valid JSON/.test(body.error.message)) {
      return 'a request without a body is told its body is not valid JSON';
    }
  }
  if (response.status === 202) {
    let body: any;
    try {
      body = JSON.parse(response.body);
    } catch {
      return '202 answer is not JSON';
    }
    if (!UUID.test(body?.requestId ?? '') || body.statusUrl !== `/v1/requests/${body.requestId}`) {
      return '202 answer has no requestId and statusUrl';
    }
  }
  return undefined;
};

const soap = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true });

/**
 * For SOAP endpoints (the Windows enrollment protocols): an error is a well-formed SOAP envelope holding one
 * Fault with a code, served as SOAP XML. A SOAP row sets `check: soapFault`.
 */
export const soapFault: ResponseCheck = (response, request) => {
  if (headOnly(response, request) || response.status < 400) return undefined;
  if (!/(application\/soap\+xml|text\/xml)/i.test(response.headers['content-type'] ?? '')) {
    return `SOAP error served as ${response.headers['content-type'] ?? 'no content type'}`;
  }
  if (XMLValidator.validate(response.body) !== true) return 'SOAP error is not well-formed XML';
  const fault = soap.parse(response.body)?.Envelope?.Body?.Fault;
  if (!fault) return 'SOAP error has no Envelope/Body/Fault';
  if (!(fault.Code ?? fault.faultcode)) return 'SOAP Fault has no code';
  return undefined;
};

/** MS-DVRD and MS-DVRJ: an error is the specification's ErrorDetails; a registration answers its certificate. */
export const dvrjErrorDetails: ResponseCheck = (response, request) => {
  if (headOnly(response, request)) return undefined;
  const body = json(response.body);
  if (response.status >= 400) {
    if (!body) return `error answer is not JSON (${response.headers['content-type'] ?? 'no content type'})`;
    if (typeof body.ErrorType !== 'string' || !/^[A-Z0-9_]+$/.test(body.ErrorType) || typeof body.Message !== 'string') {
      return 'error answer is not ErrorDetails { ErrorType, Message, TraceId, Time }';
    }
    if (typeof body.TraceId !== 'string' || Number.isNaN(Date.parse(body.Time))) return 'ErrorDetails has no TraceId or Time';
  }
  if (response.status === 200 && request.method.toUpperCase() === 'POST' && typeof body?.Certificate?.RawBody !== 'string') {
    return 'a registration answered 200 without Certificate.RawBody';
  }
  return undefined;
};

/** A JSON body, or undefined. */
function json(body: string): any {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * What a caller without a valid device certificate hears: 401 (none) or 403 (not one of this service's
 * devices, or not the device it speaks as), unless refused before the certificate is looked at (framing,
 * content type, body or header size).
 */
export const CERTIFICATE_REFUSALS: ReadonlySet<number> = new Set([401, 403, 400, 411, 413, 415, 431]);

/** The management endpoint: a SyncML message served as such, parseable; errors as the JSON API's. */
export const syncmlAnswer: ResponseCheck = (response, request) => {
  if (headOnly(response, request)) return undefined;
  if (response.status >= 400) return apiContract(response, request);
  if (response.status !== 200) return `management answer ${response.status}`;
  if (!(response.headers['content-type'] ?? '').toLowerCase().startsWith(SYNCML_CONTENT_TYPE)) {
    return `SyncML answer served as ${response.headers['content-type'] ?? 'no content type'}`;
  }
  try {
    parseSyncml(response.body);
  } catch (error) {
    return `SyncML answer does not parse: ${(error as Error).message.slice(0, 80)}`;
  }
  return undefined;
};

/** DELETE /v1/devices/{id}/enrollment: its 202 is the unenrollment (a status and, when asked, its command), not a request. */
export const unenrollmentAccepted: ResponseCheck = (response, request) => {
  if (response.status !== 202) return apiContract(response, request);
  const body = json(response.body);
  if (body?.status === 'unenrolling' && body.commandId === undefined) return undefined;
  if (body?.status === 'pending' && UUID.test(body.commandId ?? '') && body.commandUrl?.endsWith(`/commands/${body.commandId}`)) return undefined;
  return '202 unenrollment answer is not { status, commandId? }';
};
