import { GET_POLICIES_ACTION, GET_POLICIES_RESPONSE_ACTION, Ns, RSA_OID, SHA256_OID } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import type { GetPoliciesRequest, GetPoliciesResponseInput, UsernameCredentials } from './mde2.types';
import { child, childrenNamed, textAt } from '../xml/safe-xml';
import { leaf, readEnvelope, readUsernameToken, renderEnvelope } from './soap-envelope';
import { renderSecuredRequest } from './username-token';

export interface GetPoliciesResponse {
  relatesTo?: string;
  minimalKeyLength: number;
  hashAlgorithmOid?: string;
  validityPeriodSeconds: number;
  renewalPeriodSeconds: number;
}

const HASH_OID_REFERENCE = 0;
const KEY_OID_REFERENCE = 1;
const NIL = ' xsi:nil="true"';

/** Reads a GetPolicies request (server side); the UsernameToken is returned as sent. */
export function parseGetPoliciesRequest(xml: string, maxBytes?: number): GetPoliciesRequest {
  const message = readEnvelope(xml, 'GetPolicies', Ns.policy, maxBytes);
  return { header: message.header, credentials: readUsernameToken(message) };
}

/**
 * Renders the MS-XCEP response with one policy: RSA keys of at least `minimalKeyLength`, SHA-256, the
 * certificate's validity and renewal periods, `policySchema` 3 (the first to carry a hash algorithm), and
 * every field we do not set as `xsi:nil`, which Windows expects rather than an absent element.
 */
export function renderGetPoliciesResponse(input: GetPoliciesResponseInput): string {
  const nil = (name: string) => `<${name}${NIL}/>`;
  const attributes = [
    leaf('commonName', 'DeviceEnrollment'),
    leaf('policySchema', 3),
    `<certificateValidity>${leaf('validityPeriodSeconds', wholeNumber(input.validityPeriodSeconds))}${leaf('renewalPeriodSeconds', wholeNumber(input.renewalPeriodSeconds))}</certificateValidity>`,
    `<permission>${leaf('enroll', 'true')}${leaf('autoEnroll', 'false')}</permission>`,
    `<privateKeyAttributes>${leaf('minimalKeyLength', wholeNumber(input.minimalKeyLength))}${nil('keySpec')}${nil('keyUsageProperty')}${nil('permissions')}${leaf('algorithmOIDReference', KEY_OID_REFERENCE)}${nil('cryptoProviders')}</privateKeyAttributes>`,
    `<revision>${leaf('majorRevision', 101)}${leaf('minorRevision', 0)}</revision>`,
    ...['supersededPolicies', 'privateKeyFlags', 'subjectNameFlags', 'enrollmentFlags', 'generalFlags'].map(nil),
    leaf('hashAlgorithmOIDReference', HASH_OID_REFERENCE),
    ...['rARequirements', 'keyArchivalAttributes', 'extensions'].map(nil),
  ].join('');
  const policy = `<policy>${leaf('policyOIDReference', 0)}${nil('cAs')}<attributes>${attributes}</attributes></policy>`;
  const response = `<response><policyID/>${nil('policyFriendlyName')}${nil('nextUpdateHours')}${nil('policiesNotChanged')}<policies>${policy}</policies></response>`;
  const oids = [oid(SHA256_OID, 1, HASH_OID_REFERENCE, 'szOID_NIST_sha256'), oid(RSA_OID, 3, KEY_OID_REFERENCE, 'szOID_RSA_RSA')].join('');
  return renderEnvelope({
    version: input.version,
    action: GET_POLICIES_RESPONSE_ACTION,
    relatesTo: input.relatesTo,
    activityId: input.activityId,
    bodyAttributes: ` xmlns:xsi="${Ns.xsi}" xmlns:xsd="${Ns.xsd}"`,
    bodyXml: `<GetPoliciesResponse xmlns="${Ns.policy}">${response}${nil('cAs')}<oIDs>${oids}</oIDs></GetPoliciesResponse>`,
  });
}

// MS-XCEP groups: 1 is the hash algorithms, 3 the public-key algorithms.
function oid(value: string, group: number, referenceId: number, defaultName: string): string {
  return `<oID>${leaf('value', value)}${leaf('group', group)}${leaf('oIDReferenceID', referenceId)}${leaf('defaultName', defaultName)}</oID>`;
}

function wholeNumber(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${value} is not a whole, non-negative number`);
  return value;
}

/** Renders GetPolicies as Windows sends it, the credentials in a PasswordText UsernameToken. */
export function renderGetPoliciesRequest(input: { messageId: string; to: string; credentials: UsernameCredentials }): string {
  const body =
    `<s:Body xmlns:xsi="${Ns.xsi}" xmlns:xsd="${Ns.xsd}">` +
    `<GetPolicies xmlns="${Ns.policy}"><client><lastUpdate xsi:nil="true"/><preferredLanguage xsi:nil="true"/></client><requestFilter xsi:nil="true"/></GetPolicies>` +
    `</s:Body>`;
  return renderSecuredRequest({ ...input, action: GET_POLICIES_ACTION, body });
}

/** Reads a GetPoliciesResponse (client side): the first policy's key length, hash and periods. */
export function parseGetPoliciesResponse(xml: string): GetPoliciesResponse {
  const message = readEnvelope(xml, 'GetPoliciesResponse', Ns.policy);
  const fail = (reason: string) => new Mde2FormatError(reason, message.header.version, message.header.messageId);
  const attributes = child(child(child(child(message.body, 'response'), 'policies'), 'policy'), 'attributes');
  if (!attributes) throw fail('GetPoliciesResponse has no policy');
  const number = (...path: string[]) => {
    const text = textAt(attributes, ...path);
    const value = text ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) throw fail(`The policy has no ${path[path.length - 1]}`);
    return value;
  };
  const hashReference = textAt(attributes, 'hashAlgorithmOIDReference');
  const hashOid = childrenNamed(child(message.body, 'oIDs'), 'oID').find(
    (candidate) => hashReference !== undefined && hashReference !== '' && textAt(candidate, 'oIDReferenceID') === hashReference,
  );
  return {
    relatesTo: textAt(message.headerElement, 'RelatesTo') || undefined,
    minimalKeyLength: number('privateKeyAttributes', 'minimalKeyLength'),
    hashAlgorithmOid: textAt(hashOid, 'value'),
    validityPeriodSeconds: number('certificateValidity', 'validityPeriodSeconds'),
    renewalPeriodSeconds: number('certificateValidity', 'renewalPeriodSeconds'),
  };
}
