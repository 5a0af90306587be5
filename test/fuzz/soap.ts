import fc from 'fast-check';
import { NOT_XML_CHAR } from '@app/enrollment/xml/xml-text';
import { renderDiscoverRequest, renderGetPoliciesRequest, renderRequestSecurityToken, SOAP11_CONTENT_TYPE, SOAP12_CONTENT_TYPE } from '@app/enrollment';
import { BodyDraft, DraftKind } from './body';
import { FuzzContext } from './fixtures';
import { hostileString, hostileXml, Labeled } from './hostile-values';

/** The MessageID of the specification's examples, which Windows sends as well. */
const MESSAGE_ID = 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478';

type Message = 'discover' | 'policies' | 'enroll';

interface SoapParts {
  credentials: { username: string; password: string };
  deviceId: string;
  deviceName: string;
  osVersion: string;
  csrBase64: string;
  requestType: 'Issue' | 'Renew';
  extraContext: Array<[string, string]>;
}

const draft = (kind: DraftKind, label: string, xml: string, contentType = SOAP12_CONTENT_TYPE): BodyDraft => ({
  kind,
  label,
  bytes: Buffer.from(xml, 'utf8'),
  contentType,
});

/**
 * The message, with values XML cannot carry (control characters, lone surrogates) written in raw as a
 * careless client would: the renderer refuses them, so they go in as markers and are swapped afterwards.
 */
function render(message: Message, parts: SoapParts): string {
  const raw: string[] = [];
  const mark = (value: string) => (NOT_XML_CHAR.test(value) ? `RAW-VALUE-${raw.push(value) - 1}-` : value);
  const xml = renderMessage(message, {
    ...parts,
    credentials: { username: mark(parts.credentials.username), password: mark(parts.credentials.password) },
    deviceId: mark(parts.deviceId),
    deviceName: mark(parts.deviceName),
  });
  return xml.replace(/RAW-VALUE-(\d+)-/g, (_, index: string) => raw[Number(index)].replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}

function renderMessage(message: Message, parts: SoapParts): string {
  const to = 'https://enroll.contoso.com/EnrollmentServer/Discovery.svc';
  if (message === 'discover') {
    return renderDiscoverRequest({
      messageId: MESSAGE_ID,
      to,
      emailAddress: parts.credentials.username,
      requestVersion: '5.0',
      deviceType: 'CIMClient_Windows',
      authPolicies: ['OnPremise'],
    });
  }
  if (message === 'policies') return renderGetPoliciesRequest({ messageId: MESSAGE_ID, to, credentials: parts.credentials });
  return renderRequestSecurityToken({
    messageId: MESSAGE_ID,
    to,
    credentials: parts.credentials,
    csrBase64: parts.csrBase64,
    requestType: parts.requestType,
    context: [
      ['DeviceName', parts.deviceName],
      ['MAC', '00-15-5D-01-02-03'],
      ['DeviceID', parts.deviceId],
      ['EnrollmentType', 'Device'],
      ['OSVersion', parts.osVersion],
      ['OSEdition', '4'],
      ...parts.extraContext,
    ],
  });
}

/** Valid parts: the fuzz package's account and secret, a few devices (so that repeats happen), real CSRs. */
function validParts(ctx: FuzzContext): fc.Arbitrary<SoapParts> {
  return fc.record({
    credentials: fc.constant({ username: ctx.mde2.account, password: ctx.mde2.secret }),
    deviceId: fc.constantFrom(...ctx.mde2.deviceIds),
    deviceName: fc.constantFrom('FZ-MDE2-1', 'FZ-MDE2-2', 'FZ-MDE2-3'),
    osVersion: fc.constantFrom('10.0.19045.2006', '10.0.22631.1'),
    csrBase64: fc.constantFrom(...ctx.mde2.csrs),
    requestType: fc.constant('Issue' as const),
    extraContext: fc.constant([]),
  });
}

/** One rule broken in an otherwise valid message. */
function nearParts(ctx: FuzzContext): fc.Arbitrary<Labeled<SoapParts>> {
  const change = (label: string, patch: fc.Arbitrary<Partial<SoapParts>>) =>
    fc.tuple(validParts(ctx), patch).map(([parts, changed]) => ({ label, value: { ...parts, ...changed } }));
  return fc.oneof(
    change('wrong secret', fc.constant({ credentials: { username: ctx.mde2.account, password: `${ctx.mde2.secret}x` } })),
    change('unknown account', fc.constant({ credentials: { username: 'nobody@contoso.com', password: ctx.mde2.secret } })),
    change('revoked token as secret', fc.constant({ credentials: { username: ctx.mde2.account, password: ctx.mde2.revokedSecret } })),
    change(
      'hostile account',
      hostileString.map(({ value }) => ({ credentials: { username: value, password: ctx.mde2.secret } })),
    ),
    change(
      'hostile secret',
      hostileString.map(({ value }) => ({ credentials: { username: ctx.mde2.account, password: value } })),
    ),
    change(
      'hostile DeviceID',
      hostileString.map(({ value }) => ({ deviceId: value })),
    ),
    change(
      'hostile DeviceName',
      hostileString.map(({ value }) => ({ deviceName: value })),
    ),
    change(
      'unsupported OSVersion',
      fc.constantFrom('6.1.7601', '10.0.14393', 'x', '').map((osVersion) => ({ osVersion })),
    ),
    change(
      'bad CSR',
      fc.constantFrom(...ctx.badCsrs).map(({ value }) => ({ csrBase64: value.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '') })),
    ),
    change(
      'CSR not base64',
      fc.constantFrom('@@@@', '====', 'A'.repeat(60_000)).map((csrBase64) => ({ csrBase64 })),
    ),
    change('renewal', fc.constant({ requestType: 'Renew' as const })),
    change(
      'many ContextItems',
      fc
        .integer({ min: 50, max: 400 })
        .map((count) => ({ extraContext: Array.from({ length: count }, (_, i): [string, string] => [`Item${i % 7}`, 'x'.repeat(i % 30)]) })),
    ),
  );
}

/** Rewrites of a valid message that Windows or other clients make, and ones nobody should accept. */
const REWRITES: Array<Labeled<(xml: string) => string>> = [
  { label: 'whitespace around Action and MessageID', value: (xml) => xml.replace(/(<(?:\w+:)?(?:Action|MessageID)[^>]*>)([^<]*)</g, '$1\n   $2  \n<') },
  { label: 'SOAP 1.1 envelope', value: (xml) => xml.replace('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/') },
  { label: 'namespace with a trailing slash', value: (xml) => xml.replace('http://www.w3.org/2005/08/addressing', 'http://www.w3.org/2005/08/addressing/') },
  { label: 'no XML declaration', value: (xml) => xml.replace(/^<\?xml[^>]*\?>\s*/, '') },
  { label: 'truncated', value: (xml) => xml.slice(0, Math.floor(xml.length / 2)) },
  { label: 'Body removed', value: (xml) => xml.replace(/<(\w+:)?Body[\s\S]*<\/(\w+:)?Body>/, '') },
  { label: 'unknown namespace', value: (xml) => xml.replace(/http:\/\/schemas\.microsoft\.com\/windows\/[^"]+/g, 'urn:other') },
  { label: 'comment and CDATA inside values', value: (xml) => xml.replace(/(<(?:\w+:)?MessageID[^>]*>)/, '$1<!-- c --><![CDATA[]]>') },
  { label: 'entity declared in a DOCTYPE', value: (xml) => xml.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE e [<!ENTITY x "y">]>') },
  { label: 'huge base64 token', value: (xml) => xml.replace(/(<(?:\w+:)?BinarySecurityToken[^>]*>)/, `$1${'QUFB'.repeat(20_000)}`) },
  { label: 'deep nesting in the body', value: (xml) => xml.replace(/(<(?:\w+:)?Body[^>]*>)/, `$1${'<x>'.repeat(3000)}${'</x>'.repeat(3000)}`) },
];

const CONTENT_TYPES: Array<Labeled<string>> = [
  ...Array.from({ length: 6 }, () => ({ label: 'valid', value: SOAP12_CONTENT_TYPE })),
  { label: 'valid', value: SOAP11_CONTENT_TYPE },
  { label: 'content type application/json', value: 'application/json' },
  { label: 'content type with another charset', value: 'application/soap+xml; charset=iso-8859-1' },
  { label: 'content type with an unknown charset', value: 'application/soap+xml; charset=x-unknown' },
];

/** The body under a content type: mostly SOAP's own, now and then one that is not. */
const typed = (body: fc.Arbitrary<BodyDraft>) =>
  fc
    .tuple(body, fc.constantFrom(...CONTENT_TYPES))
    .map(([made, type]): BodyDraft =>
      type.label === 'valid'
        ? { ...made, contentType: type.value }
        : { ...made, kind: made.kind === 'valid' ? 'hostile-field' : made.kind, label: `${made.label} + ${type.label}`, contentType: type.value },
    );

/** Bodies for one MS-MDE2 endpoint: valid messages, one rule broken, rewritten envelopes, hostile XML. */
export function soapBodies(message: Message, ctx: FuzzContext): fc.Arbitrary<BodyDraft> {
  return typed(
    fc.oneof(
      { weight: 3, arbitrary: validParts(ctx).map((parts) => draft('valid', 'valid', render(message, parts))) },
      { weight: 3, arbitrary: nearParts(ctx).map(({ label, value }) => draft('hostile-field', label, render(message, value))) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(validParts(ctx), fc.constantFrom(...REWRITES))
          .map(([parts, rewrite]) => draft('hostile-field', rewrite.label, rewrite.value(render(message, parts)))),
      },
      { weight: 5, arbitrary: hostileXml.map(({ label, value }) => draft('garbage', `hostile XML: ${label}`, value)) },
    ),
  );
}

/** Rewrites of a renewal's token type. */
const RENEWAL_REWRITES: Array<Labeled<(xml: string) => string>> = [
  { label: 'Renew with the PKCS#10 ValueType', value: (xml) => xml.replace('#PKCS7', '#PKCS10') },
  { label: 'Renew with an unknown ValueType', value: (xml) => xml.replace(/ValueType="[^"]*"/, 'ValueType="urn:unknown"') },
  { label: 'Renew without a BinarySecurityToken', value: (xml) => xml.replace(/<(\w+:)?BinarySecurityToken[\s\S]*?<\/(\w+:)?BinarySecurityToken>/, '') },
  { label: 'RequestType in lower case', value: (xml) => xml.replace('ws-trust/200512/Renew', 'ws-trust/200512/renew') },
  { label: 'Issue carrying a PKCS#7', value: (xml) => xml.replace('ws-trust/200512/Renew', 'ws-trust/200512/Issue') },
];

/**
 * MS-WSTEP renewals (RequestType Renew) of the fixture's renewing device: PKCS#7 tokens it would send and
 * ones nobody should accept, in messages as Windows writes them (the account, no secret) or one rule broken.
 */
export function renewalBodies(ctx: FuzzContext): fc.Arbitrary<BodyDraft> {
  const { renewing, renewalTokens } = ctx.managed;
  const parts = (token: string): fc.Arbitrary<SoapParts> =>
    validParts(ctx).map((valid) => ({
      ...valid,
      credentials: { username: ctx.mde2.account, password: '' },
      deviceId: renewing.mdmDeviceId,
      csrBase64: token,
      requestType: 'Renew' as const,
    }));
  const good = renewalTokens.filter((token) => token.valid);
  const bad = renewalTokens.filter((token) => !token.valid);
  return typed(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...good).chain((token) => parts(token.value).map((made) => draft('valid', 'valid', render('enroll', made)))) },
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...bad)
          .chain((token) => parts(token.value).map((made) => draft('hostile-field', `token: ${token.label}`, render('enroll', made)))),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...good), fc.constantFrom(...RENEWAL_REWRITES, ...REWRITES))
          .chain(([token, change]) => parts(token.value).map((made) => draft('hostile-field', change.label, change.value(render('enroll', made))))),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...good), fc.constantFrom(...ctx.mde2.deviceIds, 'X'.repeat(300), ''))
          .chain(([token, deviceId]) =>
            parts(token.value).map((made) => draft('hostile-field', 'DeviceID of another device', render('enroll', { ...made, deviceId: deviceId || 'NONE' }))),
          ),
      },
      { weight: 1, arbitrary: hostileXml.map(({ label, value }) => draft('garbage', `hostile XML: ${label}`, value)) },
    ),
  );
}
