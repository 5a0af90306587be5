import { DISCOVER_ACTION, DISCOVER_RESPONSE_ACTION, Ns } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import type { DiscoverRequest, DiscoverResponseInput } from './mde2.types';
import { child, childrenNamed, textAt } from '../xml/safe-xml';
import { leaf, readEnvelope, renderEnvelope, xmlText } from './soap-envelope';

export interface DiscoverRequestInput {
  messageId: string;
  to: string;
  emailAddress: string;
  requestVersion: string;
  deviceType?: string;
  applicationVersion?: string;
  osEdition?: string;
  authPolicies?: string[];
}

export interface DiscoverResponse {
  relatesTo?: string;
  authPolicy: string;
  enrollmentVersion?: string;
  enrollmentPolicyServiceUrl: string;
  enrollmentServiceUrl: string;
}

/** Reads a Discover request (server side); `maxBytes` overrides MDE2_MAX_XML_BYTES. */
export function parseDiscoverRequest(xml: string, maxBytes?: number): DiscoverRequest {
  const message = readEnvelope(xml, 'Discover', Ns.discovery, maxBytes);
  const request = child(message.body, 'request');
  if (!request) throw new Mde2FormatError('Discover has no request', message.header.version, message.header.messageId);
  return {
    header: message.header,
    emailAddress: textAt(request, 'EmailAddress'),
    requestVersion: textAt(request, 'RequestVersion'),
    deviceType: textAt(request, 'DeviceType'),
    applicationVersion: textAt(request, 'ApplicationVersion'),
    osEdition: textAt(request, 'OSEdition'),
    authPolicies: childrenNamed(child(request, 'AuthPolicies'), 'AuthPolicy')
      .map((policy) => policy.text.trim())
      .filter((policy) => policy !== ''),
  };
}

/** Renders the DiscoverResponse that sends Windows on to the policy and enrollment services. */
export function renderDiscoverResponse(input: DiscoverResponseInput): string {
  const result = [
    leaf('AuthPolicy', input.authPolicy),
    leaf('EnrollmentVersion', input.enrollmentVersion),
    leaf('EnrollmentPolicyServiceUrl', input.enrollmentPolicyServiceUrl),
    leaf('EnrollmentServiceUrl', input.enrollmentServiceUrl),
  ].join('');
  return renderEnvelope({
    version: input.version,
    action: DISCOVER_RESPONSE_ACTION,
    relatesTo: input.relatesTo,
    activityId: input.activityId,
    bodyAttributes: ` xmlns:xsi="${Ns.xsi}" xmlns:xsd="${Ns.xsd}"`,
    bodyXml: `<DiscoverResponse xmlns="${Ns.discovery}"><DiscoverResult>${result}</DiscoverResult></DiscoverResponse>`,
  });
}

/**
 * Renders the Discover request as a Windows 10/11 capture shows it: `ReplyTo` anonymous, `To`
 * mustUnderstand, an unused `i:` XMLSchema-instance declaration on `request`, elements in its order.
 */
export function renderDiscoverRequest(input: DiscoverRequestInput): string {
  const optional = (name: string, value: string | undefined) => (value === undefined ? '' : leaf(name, value));
  const policies = (input.authPolicies ?? ['OnPremise']).map((policy) => leaf('AuthPolicy', policy)).join('');
  const request = [
    leaf('EmailAddress', input.emailAddress),
    leaf('RequestVersion', input.requestVersion),
    optional('DeviceType', input.deviceType),
    optional('ApplicationVersion', input.applicationVersion),
    optional('OSEdition', input.osEdition),
    `<AuthPolicies>${policies}</AuthPolicies>`,
  ].join('');
  return (
    `<s:Envelope xmlns:a="${Ns.addressing}" xmlns:s="${Ns.soap12}">` +
    `<s:Header>` +
    `<a:Action s:mustUnderstand="1">${DISCOVER_ACTION}</a:Action>` +
    `<a:MessageID>${xmlText(input.messageId, 'MessageID')}</a:MessageID>` +
    `<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="1">${xmlText(input.to, 'To')}</a:To>` +
    `</s:Header>` +
    `<s:Body><Discover xmlns="${Ns.discovery}"><request xmlns:i="${Ns.xsi}">${request}</request></Discover></s:Body>` +
    `</s:Envelope>`
  );
}

/** Reads a DiscoverResponse (client side); the service URLs are required. */
export function parseDiscoverResponse(xml: string): DiscoverResponse {
  const message = readEnvelope(xml, 'DiscoverResponse', Ns.discovery);
  const result = child(message.body, 'DiscoverResult');
  const authPolicy = textAt(result, 'AuthPolicy');
  const enrollmentPolicyServiceUrl = textAt(result, 'EnrollmentPolicyServiceUrl');
  const enrollmentServiceUrl = textAt(result, 'EnrollmentServiceUrl');
  if (!authPolicy || !enrollmentPolicyServiceUrl || !enrollmentServiceUrl) {
    throw new Mde2FormatError('DiscoverResult lacks AuthPolicy or a service URL', message.header.version, message.header.messageId);
  }
  return {
    relatesTo: textAt(message.headerElement, 'RelatesTo') || undefined,
    authPolicy,
    enrollmentVersion: textAt(result, 'EnrollmentVersion') || undefined,
    enrollmentPolicyServiceUrl,
    enrollmentServiceUrl,
  };
}
