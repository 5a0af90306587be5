import type { KeyObject } from 'node:crypto';
import {
  parseDiscoverResponse,
  parseGetPoliciesResponse,
  parseProvisioningDoc,
  parseRstr,
  parseSoapFault,
  renderDiscoverRequest,
  renderGetPoliciesRequest,
  renderRequestSecurityToken,
  SOAP12_CONTENT_TYPE,
} from '@app/enrollment';
import type { ApiClient, RawAnswer } from '../api-client';
import { dmEnrollmentOf, type DmEnrollment } from './dm-enrollment';
import { provisioningDocProblem } from './provisioning-check';
import {
  additionalContext,
  MESSAGE_IDS,
  REQUEST_VERSION,
  WINDOWS_10_22H2_BUILD,
  WINDOWS_DEVICE_TYPE,
  WINDOWS_PRO_EDITION,
  WindowsIdentity,
} from './windows-identity';

export const DISCOVERY_PATH = '/EnrollmentServer/Discovery.svc';
/** Windows' enrollment client names itself so. */
const USER_AGENT = 'ENROLLClient';
const DEVICE_KEY_BITS = 2048;

/** What every device of a run shares: the package's enrollment account, its bulk token as the secret, the CA to expect. */
export interface Mde2Account {
  userPrincipalName: string;
  token: string;
  /** Upper-case hex SHA-1 of the CA certificate the service publishes. */
  caThumbprint: string;
}

/** One Windows 10 device, ready before the run: who it says it is, its request (base64 DER) and its key. */
export interface Mde2Device {
  identity: WindowsIdentity;
  csrBase64: string;
  publicKey: KeyObject;
}

export interface Mde2Failure {
  status?: number;
  code: string;
  message: string;
}

/**
 * How one device's enrollment ended: its document checked out (and what the device keeps to be managed),
 * it failed (and why), or it was told to come back later.
 */
export type Mde2Outcome =
  { kind: 'enrolled'; management: DmEnrollment } | { kind: 'failed'; failure: Mde2Failure } | { kind: 'rate-limited'; retryAfterMs?: number };

class StepFailed extends Error {
  constructor(readonly outcome: Exclude<Mde2Outcome, { kind: 'enrolled' }>) {
    super('step failed');
  }
}

/**
 * What Windows does once it applied a provisioning package that names an MDM enrollment: probe the
 * discovery URL, Discover, GetPolicies and RequestSecurityToken at the URLs Discover gave, then check
 * the provisioning document it got. The answer to RequestSecurityToken is the end of the enrollment.
 */
export async function enrollWindowsDevice(client: ApiClient, base: string, account: Mde2Account, device: Mde2Device): Promise<Mde2Outcome> {
  try {
    const discoveryUrl = `${base}${DISCOVERY_PATH}`;
    await soap(client, 'GET', discoveryUrl, 'Discovery probe');

    const discover = await soap(
      client,
      'POST',
      discoveryUrl,
      'Discover',
      renderDiscoverRequest({
        messageId: MESSAGE_IDS.discover,
        to: discoveryUrl,
        emailAddress: account.userPrincipalName,
        requestVersion: REQUEST_VERSION,
        deviceType: WINDOWS_DEVICE_TYPE,
        applicationVersion: WINDOWS_10_22H2_BUILD,
        osEdition: WINDOWS_PRO_EDITION,
        authPolicies: ['OnPremise', 'Federated'],
      }),
    );
    const services = parsed('DiscoverResponse', () => parseDiscoverResponse(discover.text), MESSAGE_IDS.discover);
    if (services.authPolicy !== 'OnPremise') fail('UNEXPECTED_ANSWER', `Discover offered AuthPolicy ${services.authPolicy}, not OnPremise`);

    const credentials = { username: account.userPrincipalName, password: account.token };
    const policiesAnswer = await soap(
      client,
      'POST',
      services.enrollmentPolicyServiceUrl,
      'GetPolicies',
      renderGetPoliciesRequest({
        messageId: MESSAGE_IDS.getPolicies,
        to: services.enrollmentPolicyServiceUrl,
        credentials,
      }),
    );
    const policy = parsed('GetPoliciesResponse', () => parseGetPoliciesResponse(policiesAnswer.text), MESSAGE_IDS.getPolicies);
    if (policy.minimalKeyLength > DEVICE_KEY_BITS) {
      fail('UNEXPECTED_ANSWER', `the policy asks for ${policy.minimalKeyLength}-bit keys; the device has ${DEVICE_KEY_BITS}`);
    }

    const rstAnswer = await soap(
      client,
      'POST',
      services.enrollmentServiceUrl,
      'RequestSecurityToken',
      renderRequestSecurityToken({
        messageId: MESSAGE_IDS.requestSecurityToken,
        to: services.enrollmentServiceUrl,
        credentials,
        csrBase64: device.csrBase64,
        requestType: 'Issue',
        context: additionalContext(device.identity),
      }),
    );
    const rstr = parsed('RequestSecurityTokenResponse', () => parseRstr(rstAnswer.text), MESSAGE_IDS.requestSecurityToken);
    const doc = parsed('provisioning document', () => parseProvisioningDoc(rstr.provisioningDoc));
    const problem = provisioningDocProblem(doc, { caThumbprint: account.caThumbprint, devicePublicKey: device.publicKey });
    if (problem) fail('PROVISIONING_DOC_INVALID', problem);
    return { kind: 'enrolled', management: dmEnrollmentOf(doc, device.identity.deviceId) };
  } catch (error) {
    if (error instanceof StepFailed) return error.outcome;
    throw error;
  }
}

/** Sends one message; anything but 200 ends the enrollment with the SOAP fault's subcode and reason. */
async function soap(client: ApiClient, method: 'GET' | 'POST', url: string, what: string, body?: string): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  if (body !== undefined) headers['content-type'] = SOAP12_CONTENT_TYPE;
  let answer: RawAnswer;
  try {
    answer = await client.exchange(method, url, { headers, body });
  } catch (error) {
    return fail('NETWORK_ERROR', `${what}: ${(error as Error).message}`);
  }
  if (answer.status === 200) return answer;
  if (answer.status === 429) throw new StepFailed({ kind: 'rate-limited', retryAfterMs: answer.retryAfterMs });
  const fault = faultOf(answer.text);
  if (fault) {
    const detail = fault.errorType ? ` (${fault.errorType})` : '';
    return fail(fault.subcode || fault.code, `${what}: ${fault.reason}${detail}`, answer.status);
  }
  return fail(`HTTP_${answer.status}`, `${what} answered ${answer.status} without a SOAP fault`, answer.status);
}

function faultOf(text: string): ReturnType<typeof parseSoapFault> {
  try {
    return text ? parseSoapFault(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a codec's parser; a parse error, or a RelatesTo that is not the request's MessageID, ends the enrollment. */
function parsed<T>(what: string, parse: () => T, messageId?: string): T {
  let value: T;
  try {
    value = parse();
  } catch (error) {
    return fail('MALFORMED_ANSWER', `${what}: ${(error as Error).message}`);
  }
  const relatesTo = (value as { relatesTo?: string }).relatesTo;
  if (messageId && relatesTo !== undefined && relatesTo !== messageId) {
    fail('UNEXPECTED_ANSWER', `${what} relates to ${relatesTo}, not to the request's ${messageId}`);
  }
  return value;
}

function fail(code: string, message: string, status?: number): never {
  throw new StepFailed({ kind: 'failed', failure: { status, code, message } });
}
