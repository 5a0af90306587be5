import type { KeyObject } from 'node:crypto';
import type { ApiClient, RawAnswer } from '../api-client';
import { contractUrl, deviceUrl, DrsDiscovery, parseDiscoveryDocument, registrationUrl } from './discovery-document';
import { checkRegistrationAnswer, DrsRegistration } from './registration-answer';
import type { DrsRegistrationBody } from './registration-request';

/** One Windows PC's registration, made before the run: the JSON body it POSTs and the key the certificate must be for. */
export interface DrsDevice {
  body: DrsRegistrationBody;
  publicKey: KeyObject;
}

export interface DrsFailure {
  status?: number;
  code: string;
  message: string;
}

export type DrsOutcome<T> = { kind: 'done'; value: T } | { kind: 'failed'; failure: DrsFailure } | { kind: 'rate-limited'; retryAfterMs?: number };

class StepFailed extends Error {
  constructor(readonly outcome: Exclude<DrsOutcome<never>, { kind: 'done' }>) {
    super('step failed');
  }
}

/**
 * Registers a user@PC as Windows does against a Device Registration Service: reads the discovery
 * document at `{base}/EnrollmentServer/contract`, POSTs the registration to its RegistrationEndpoint with
 * the user's token, and checks the certificate it answers. Registration is synchronous: the answer ends it.
 */
export async function registerOverDrs(
  client: ApiClient,
  base: string,
  user: { upn: string; token: string },
  device: DrsDevice,
): Promise<DrsOutcome<DrsRegistration>> {
  try {
    const discovery = await discover(client, base);
    const answer = await call(client, 'POST', registrationUrl(discovery), user.token, 'registration', JSON.stringify(device.body));
    const body = parseJson(answer);
    try {
      return { kind: 'done', value: checkRegistrationAnswer(body, { devicePublicKey: device.publicKey, upn: user.upn }) };
    } catch (error) {
      return { kind: 'failed', failure: { status: answer.status, code: 'BAD_REGISTRATION_ANSWER', message: (error as Error).message } };
    }
  } catch (error) {
    if (error instanceof StepFailed) return error.outcome;
    return { kind: 'failed', failure: { code: 'NETWORK_ERROR', message: (error as Error).message } };
  }
}

/** Deletes the device object a registration made (a leave): discovery again, then DELETE `{RegistrationEndpoint}{deviceId}`. */
export async function leaveOverDrs(client: ApiClient, base: string, token: string, deviceId: string): Promise<DrsOutcome<undefined>> {
  try {
    const discovery = await discover(client, base);
    await call(client, 'DELETE', deviceUrl(discovery, deviceId), token, 'delete');
    return { kind: 'done', value: undefined };
  } catch (error) {
    if (error instanceof StepFailed) return error.outcome;
    return { kind: 'failed', failure: { code: 'NETWORK_ERROR', message: (error as Error).message } };
  }
}

async function discover(client: ApiClient, base: string): Promise<DrsDiscovery> {
  const url = contractUrl(base);
  const answer = await call(client, 'GET', url, undefined, 'discovery');
  try {
    return parseDiscoveryDocument(answer.text, url);
  } catch (error) {
    throw new StepFailed({ kind: 'failed', failure: { status: answer.status, code: 'BAD_DISCOVERY_DOCUMENT', message: (error as Error).message } });
  }
}

/** One exchange; anything but a 2xx ends the operation (a 429 as rate-limited, others with the service's error). */
async function call(client: ApiClient, method: string, url: string, token: string | undefined, step: string, body?: string): Promise<RawAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await client.exchange(method, url, { headers, body });
  if (answer.status === 429) throw new StepFailed({ kind: 'rate-limited', retryAfterMs: answer.retryAfterMs });
  if (answer.status < 200 || answer.status >= 300) {
    const { code, message } = drsErrorOf(answer);
    throw new StepFailed({ kind: 'failed', failure: { status: answer.status, code, message: `${step}: ${message}` } });
  }
  return answer;
}

/** The `code` and `message` of a DRS error answer (`ErrorType` and `Message` as older servers spell them), or ones made from the status. */
export function drsErrorOf(answer: Pick<RawAnswer, 'status' | 'text' | 'contentType'>): { code: string; message: string } {
  const body = parseJson(answer) as Record<string, unknown> | undefined;
  const code = body?.code ?? body?.ErrorType;
  const message = body?.message ?? body?.Message;
  return {
    code: typeof code === 'string' && code ? code : `HTTP_${answer.status}`,
    message: typeof message === 'string' && message ? message : `answered ${answer.status}`,
  };
}

function parseJson(answer: Pick<RawAnswer, 'text'>): unknown {
  try {
    return answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    return undefined;
  }
}
