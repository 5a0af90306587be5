import {
  BASE64_ENCODING_TYPE,
  DEVICE_ENROLLMENT_TOKEN_TYPE,
  Ns,
  PKCS10_VALUE_TYPE,
  PKCS7_VALUE_TYPE,
  PROVISION_DOC_VALUE_TYPE,
  REQUEST_SECURITY_TOKEN_ACTION,
  REQUEST_SECURITY_TOKEN_RESPONSE_ACTION,
  WS_TRUST_ISSUE,
  WS_TRUST_RENEW,
} from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import type { BinarySecurityToken, RequestSecurityToken, RstrInput, UsernameCredentials } from './mde2.types';
import { child, childrenNamed, textAt, type XmlElement } from '../xml/safe-xml';
import { leaf, readEnvelope, readUsernameToken, renderEnvelope, xmlText } from './soap-envelope';
import { renderSecuredRequest } from './username-token';

export interface RequestSecurityTokenInput {
  messageId: string;
  to: string;
  credentials: UsernameCredentials;
  csrBase64: string;
  requestType?: 'Issue' | 'Renew';
  /** `AdditionalContext` items in order; a name may repeat (MAC does). */
  context: Array<[string, string]>;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Reads a RequestSecurityToken (server side): request type, the token Windows sends and its context. */
export function parseRequestSecurityToken(xml: string, maxBytes?: number): RequestSecurityToken {
  const message = readEnvelope(xml, 'RequestSecurityToken', Ns.wsTrust, maxBytes);
  const fail = (reason: string) => new Mde2FormatError(reason, message.header.version, message.header.messageId);
  const rst = message.body;
  const requestTypeUri = textAt(rst, 'RequestType');
  if (!requestTypeUri) throw fail('RequestSecurityToken has no RequestType');
  const requestType = requestTypeOf(requestTypeUri);
  const tokenElement = child(rst, 'BinarySecurityToken');
  if (!tokenElement && (requestType === 'Issue' || requestType === 'Renew')) throw fail(`A ${requestType} request has no BinarySecurityToken`);
  return {
    header: message.header,
    credentials: readUsernameToken(message),
    requestType,
    tokenType: textAt(rst, 'TokenType') || undefined,
    binarySecurityToken: tokenElement ? readBinaryToken(tokenElement, fail) : undefined,
    context: readContext(child(rst, 'AdditionalContext')),
  };
}

// WS-Trust names the request type by a URI whose last segment (or fragment, in older profiles) is the verb.
function requestTypeOf(uri: string): string {
  const verb = uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('#')) + 1);
  const known = ['Issue', 'Renew'].find((candidate) => candidate.toLowerCase() === verb.toLowerCase());
  return known ?? verb;
}

function readBinaryToken(element: XmlElement, fail: (reason: string) => Mde2FormatError): BinarySecurityToken {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  const valueType = (element.attributes.ValueType ?? '').trim();
  const fragment = valueType.slice(valueType.lastIndexOf('#') + 1).toUpperCase();
  const base64 = element.text.replace(/\s+/g, '');
  if (base64 === '' || !BASE64.test(base64)) throw fail('The BinarySecurityToken is not base64');
  return {
    valueType,
    kind: fragment === 'PKCS10' ? 'pkcs10' : fragment === 'PKCS7' ? 'pkcs7' : 'unknown',
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
    encodingType: element.attributes.EncodingType?.trim() || undefined,
    base64,
  };
}

function readContext(additional: XmlElement | undefined): Record<string, string[]> {
  // A Map first, then own properties: a ContextItem named __proto__ stays a plain key.
  const items = new Map<string, string[]>();
  for (const item of childrenNamed(additional, 'ContextItem')) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
    const name = item.attributes.Name?.trim();
    if (!name) continue;
    const value = textAt(item, 'Value') ?? '';
    items.set(name, [...(items.get(name) ?? []), value]);
  }
  return Object.fromEntries(items);
}

/**
 * Renders the RequestSecurityTokenResponseCollection carrying the provisioning document, base64-encoded
 * in a BinarySecurityToken of the DeviceEnrollmentProvisionDoc type.
 */
export function renderRstr(input: RstrInput): string {
  const token = Buffer.from(input.provisioningDoc, 'utf8').toString('base64');
  const response =
    leaf('TokenType', DEVICE_ENROLLMENT_TOKEN_TYPE) +
    `<DispositionMessage xmlns="${Ns.enrollment}"/>` +
    `<RequestedSecurityToken><BinarySecurityToken ValueType="${PROVISION_DOC_VALUE_TYPE}" EncodingType="${BASE64_ENCODING_TYPE}" xmlns="${Ns.wsse}">${token}</BinarySecurityToken></RequestedSecurityToken>` +
    `<RequestID xmlns="${Ns.enrollment}">${xmlText(input.requestId ?? '0', 'RequestID')}</RequestID>`;
  return renderEnvelope({
    version: input.version,
    action: REQUEST_SECURITY_TOKEN_RESPONSE_ACTION,
    relatesTo: input.relatesTo,
    activityId: input.activityId,
    bodyXml: `<RequestSecurityTokenResponseCollection xmlns="${Ns.wsTrust}"><RequestSecurityTokenResponse>${response}</RequestSecurityTokenResponse></RequestSecurityTokenResponseCollection>`,
  });
}

/** Renders the RST as Windows sends it: PKCS#10 (or PKCS#7 to renew) and its AdditionalContext. */
export function renderRequestSecurityToken(input: RequestSecurityTokenInput): string {
  const renew = input.requestType === 'Renew';
  const context = input.context
    .map(([name, value]) => `<ac:ContextItem Name="${xmlText(name, 'ContextItem/@Name')}"><ac:Value>${xmlText(value, name)}</ac:Value></ac:ContextItem>`)
    .join('');
  const body =
    `<s:Body><wst:RequestSecurityToken>` +
    `<wst:TokenType>${DEVICE_ENROLLMENT_TOKEN_TYPE}</wst:TokenType>` +
    `<wst:RequestType>${renew ? WS_TRUST_RENEW : WS_TRUST_ISSUE}</wst:RequestType>` +
    `<wsse:BinarySecurityToken ValueType="${renew ? PKCS7_VALUE_TYPE : PKCS10_VALUE_TYPE}" EncodingType="${BASE64_ENCODING_TYPE}">${xmlText(input.csrBase64, 'BinarySecurityToken')}</wsse:BinarySecurityToken>` +
    `<ac:AdditionalContext xmlns="${Ns.authorization}">${context}</ac:AdditionalContext>` +
    `</wst:RequestSecurityToken></s:Body>`;
  return renderSecuredRequest({ ...input, action: REQUEST_SECURITY_TOKEN_ACTION, body });
}

/** Reads an RSTR (client side) and returns the provisioning document it carries, decoded. */
export function parseRstr(xml: string): { relatesTo?: string; provisioningDoc: string } {
  const message = readEnvelope(xml, 'RequestSecurityTokenResponseCollection', Ns.wsTrust);
  const fail = (reason: string) => new Mde2FormatError(reason, message.header.version, message.header.messageId);
  const token = child(child(child(message.body, 'RequestSecurityTokenResponse'), 'RequestedSecurityToken'), 'BinarySecurityToken');
  if (!token) throw fail('The response has no BinarySecurityToken');
  const base64 = token.text.replace(/\s+/g, '');
  if (base64 === '' || !BASE64.test(base64)) throw fail('The BinarySecurityToken is not base64');
  return {
    relatesTo: textAt(message.headerElement, 'RelatesTo') || undefined,
    provisioningDoc: Buffer.from(base64, 'base64').toString('utf8'),
  };
}
