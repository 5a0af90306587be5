import { escapeXmlText } from '../xml/xml-text';
import { MDE2_MAX_XML_BYTES, Ns } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import type { SoapHeader, SoapVersion, UsernameCredentials } from './mde2.types';
import { child, normalizeNamespace, parseSafeXml, textAt, UnsafeXmlError, type XmlElement } from '../xml/safe-xml';

/** A parsed envelope: its WS-Addressing header, the Header element itself and the one Body payload. */
export interface SoapMessage {
  header: SoapHeader;
  headerElement?: XmlElement;
  body: XmlElement;
}

const SOAP_VERSIONS: Record<string, SoapVersion> = {
  [normalizeNamespace(Ns.soap12)]: '1.2',
  [normalizeNamespace(Ns.soap11)]: '1.1',
};

/**
 * Reads an envelope whose Body holds `expected` (a local name, in `namespace` when the element names one);
 * anything else, including a well-formed message meant for another endpoint, is a `Mde2FormatError`.
 */
export function readEnvelope(xml: string, expected: string, namespace: string, maxBytes = MDE2_MAX_XML_BYTES): SoapMessage {
  const message = readAnyEnvelope(xml, maxBytes);
  const fail = (reason: string) => new Mde2FormatError(reason, message.header.version, message.header.messageId);
  if (message.body.name !== expected) throw fail(`The Body holds ${message.body.name}, not ${expected}`);
  if (message.body.namespace !== '' && message.body.namespace !== normalizeNamespace(namespace)) {
    throw fail(`${expected} is not in the ${namespace} namespace`);
  }
  return message;
}

/** Reads any SOAP 1.1 or 1.2 envelope with a one-element Body. */
export function readAnyEnvelope(xml: string, maxBytes = MDE2_MAX_XML_BYTES): SoapMessage {
  const guessed = guessVersion(xml);
  let root: XmlElement;
  try {
    root = parseSafeXml(xml, { maxBytes });
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw new Mde2FormatError(error.message, guessed);
    throw error;
  }
  const version = SOAP_VERSIONS[root.namespace];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  if (root.name !== 'Envelope' || version === undefined) throw new Mde2FormatError('The document is not a SOAP envelope', guessed);
  const headerElement = child(root, 'Header');
  const header: SoapHeader = {
    version,
    action: textAt(headerElement, 'Action') ?? '',
    messageId: textAt(headerElement, 'MessageID') || undefined,
    to: textAt(headerElement, 'To') || undefined,
  };
  const bodyElement = child(root, 'Body');
  if (!bodyElement) throw new Mde2FormatError('The envelope has no Body', version, header.messageId);
  if (bodyElement.children.length !== 1) throw new Mde2FormatError('The Body does not hold exactly one element', version, header.messageId);
  return { header, headerElement, body: bodyElement.children[0] };
}

/** `wsse:Security/wsse:UsernameToken`, when the header carries one. */
export function readUsernameToken(message: SoapMessage): UsernameCredentials | undefined {
  const token = child(child(message.headerElement, 'Security'), 'UsernameToken');
  if (!token) return undefined;
  const username = textAt(token, 'Username');
  // The specification's own example ends the password with a line break and indentation: trimmed like the rest.
  const password = textAt(token, 'Password');
  if (username === undefined || password === undefined) {
    throw new Mde2FormatError('The UsernameToken lacks a Username or a Password', message.header.version, message.header.messageId);
  }
  return { username, password };
}

// Before the XML is read, its version is told by the envelope namespace alone, so that even a fault for
// unreadable input goes back in the version the client speaks.
function guessVersion(xml: unknown): SoapVersion {
  return typeof xml === 'string' && xml.slice(0, 4096).includes('schemas.xmlsoap.org/soap/envelope') ? '1.1' : '1.2';
}

export interface EnvelopeInput {
  version: SoapVersion;
  action: string;
  relatesTo?: string;
  activityId?: string;
  /** Extra header elements, already rendered. */
  headerXml?: string;
  /** Attributes of the Body element, e.g. xsi/xsd declarations; names and values as given. */
  bodyAttributes?: string;
  bodyXml: string;
}

/** Renders an envelope with the `s:`/`a:` prefixes of Windows' examples; the action is mustUnderstand. */
export function renderEnvelope(input: EnvelopeInput): string {
  const soapNs = input.version === '1.1' ? Ns.soap11 : Ns.soap12;
  const header = [
    `<a:Action s:mustUnderstand="1">${xmlText(input.action, 'Action')}</a:Action>`,
    input.activityId === undefined
      ? ''
      : `<ActivityId CorrelationId="${xmlText(input.activityId, 'ActivityId')}" xmlns="${Ns.diagnostics}">${xmlText(input.activityId, 'ActivityId')}</ActivityId>`,
    input.relatesTo === undefined ? '' : `<a:RelatesTo>${xmlText(input.relatesTo, 'RelatesTo')}</a:RelatesTo>`,
    input.headerXml ?? '',
  ].join('');
  return (
    `<s:Envelope xmlns:s="${soapNs}" xmlns:a="${Ns.addressing}">` +
    `<s:Header>${header}</s:Header>` +
    `<s:Body${input.bodyAttributes ?? ''}>${input.bodyXml}</s:Body>` +
    `</s:Envelope>`
  );
}

/** Escapes a value for text or a double-quoted attribute; `where` names it if it cannot be carried. */
export const xmlText = (value: string, where: string): string => escapeXmlText(value, where);

/** A leaf element `<name>value</name>`, the value escaped. */
export const leaf = (name: string, value: string | number): string => `<${name}>${xmlText(String(value), name)}</${name}>`;
