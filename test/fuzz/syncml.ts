import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { NOT_XML_CHAR } from '@app/enrollment/xml/xml-text';
import { renderSyncml, SYNCML_CONTENT_TYPE, SyncmlAlertCode, type SyncmlCommand, type SyncmlHeader } from '@app/enrollment';
import { BodyDraft, DraftKind } from './body';
import { hostileString, hostileXml, Labeled } from './hostile-values';

/** Who a message says it is from (SyncHdr Source, the MDM DeviceID) and where it goes. */
export interface Addressing {
  source: string;
  target: string;
  /** The device's own DeviceID, when the Source names another device. */
  device: string;
}

const FIXTURES = join(__dirname, '../../libs/enrollment/src/syncml/fixtures');
/** Device messages of the codec's fixtures: what Microsoft's documents and published servers show a device sending. */
const DEVICE_FIXTURES = ['spec-package1.xml', 'fleet-package1.xml', 'itpro-login-status.xml', 'made-package3.xml'];
let fixtureTexts: Array<[string, string]> | undefined;
const fixtures = () => (fixtureTexts ??= DEVICE_FIXTURES.map((name) => [name, readFileSync(join(FIXTURES, name), 'utf8')]));

/** A fixture addressed from the device: the header's Source and the placeholders name it, the Target is this server. */
function addressedFixture(xml: string, to: Addressing): string {
  const header = /<SyncHdr>[\s\S]*?<\/SyncHdr>/.exec(xml)?.[0] ?? '';
  const addressed = header
    .replace(/(<Source>\s*<LocURI>)[^<]*(<\/LocURI>)/, `$1${to.source}$2`)
    .replace(/(<Target>\s*<LocURI>)[^<]*(<\/LocURI>)/, `$1${to.target}$2`);
  return xml.replace(header, addressed).replace(/\{unique device id\}/g, to.device);
}

const LOGIN_STATUS = 'com.microsoft/MDM/LoginStatus';

/** Package 1 as Windows sends it: the session's reason, who is logged on, the DevInfo leaves. */
function package1(to: Addressing, header: Partial<SyncmlHeader>, extra: SyncmlCommand[] = []): string {
  return renderSyncml({
    header: { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '1', msgId: 1, target: to.target, source: to.source, ...header },
    commands: [
      { kind: 'Alert', cmdId: 1, data: SyncmlAlertCode.ClientInitiated, items: [] },
      { kind: 'Alert', cmdId: 2, data: SyncmlAlertCode.ClientEvent, items: [{ meta: { type: LOGIN_STATUS }, data: 'user' }] },
      {
        kind: 'Replace',
        cmdId: 3,
        items: [
          { source: './DevInfo/DevId', data: to.device },
          { source: './DevInfo/Man', data: 'Contoso' },
          { source: './DevInfo/Mod', data: 'Fuzz 1' },
          { source: './DevInfo/DmV', data: '1.3' },
          { source: './DevInfo/Lang', data: 'en-US' },
        ],
      },
      ...extra,
    ],
    final: true,
  });
}

/** A later message: the Status of the server's header and Results of a Get. */
function package3(to: Addressing, header: Partial<SyncmlHeader>, cmdRef = 2): string {
  return renderSyncml({
    header: { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '1', msgId: 2, target: to.target, source: to.source, ...header },
    commands: [
      { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '200' },
      { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef, cmd: 'Get', data: '200' },
      { kind: 'Results', cmdId: 3, msgRef: 1, cmdRef, items: [{ source: './DevDetail/SwV', data: '10.0.19045.2006' }] },
    ],
    final: true,
  });
}

const SESSION_IDS = fc.oneof(
  fc.constantFrom('1', '2', '1F', '0'),
  fc.integer({ min: 1, max: 4095 }).map((id) => id.toString(16).toUpperCase()),
);

/** Messages a device that is enrolled sends: package 1 of a new or repeated session, later messages, the fixtures' shapes. */
function validMessages(to: Addressing): fc.Arbitrary<Labeled<string>> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(SESSION_IDS, fc.constantFrom(undefined, 65536, 524288))
        .map(([sessionId, maxMsgSize]) => ({ label: 'valid', value: package1(to, { sessionId, maxMsgSize }) })),
    },
    { weight: 1, arbitrary: SESSION_IDS.map((sessionId) => ({ label: 'valid', value: package3(to, { sessionId }) })) },
    { weight: 2, arbitrary: fc.constantFrom(...fixtures()).map(([, xml]) => ({ label: 'valid', value: addressedFixture(xml, to) })) },
  );
}

type Rewrite = Labeled<(xml: string) => string>;
const rewrite = (label: string, value: (xml: string) => string): Rewrite => ({ label, value });
const inHeader = (xml: string, element: string) => xml.replace('</SyncHdr>', `${element}</SyncHdr>`);
const inBody = (xml: string, element: string) => xml.replace(/<SyncBody>/, `<SyncBody>${element}`);
const maxMsgSize = (size: string) => (xml: string) =>
  inHeader(xml.replace(/<Meta><MaxMsgSize[^]*?<\/Meta>/, ''), `<Meta><MaxMsgSize xmlns="syncml:metinf">${size}</MaxMsgSize></Meta>`);
const cred =
  (type: string, data: string, format = 'b64') =>
  (xml: string) =>
    inHeader(xml, `<Cred><Meta><Format xmlns="syncml:metinf">${format}</Format><Type xmlns="syncml:metinf">${type}</Type></Meta><Data>${data}</Data></Cred>`);

/** One thing wrong with an otherwise valid message (or one thing a device may do that the server must bear). */
const REWRITES: Rewrite[] = [
  rewrite('namespace SyncML 2.0', (xml) => xml.replace(/xmlns=["']syncml:syncml1\.[12]["']/i, 'xmlns="SYNCML:SYNCML2.0"')),
  rewrite('no namespace', (xml) => xml.replace(/\s?xmlns=["']syncml:syncml1\.[12]["']/i, '')),
  rewrite('foreign namespace', (xml) => xml.replace(/xmlns=["']syncml:syncml1\.[12]["']/i, 'xmlns="urn:evil"')),
  rewrite('prefixed SyncML elements', (xml) =>
    xml.replace(/<(\/?)(SyncML|SyncHdr|SyncBody)\b/g, '<$1s:$2').replace('<s:SyncML ', '<s:SyncML xmlns:s="SYNCML:SYNCML1.2" '),
  ),
  ...['99999999999999999999', '9007199254740993', '-1', '0', '1e3', 'x', ''].map((id) =>
    rewrite(`MsgID ${id || '(empty)'}`, (xml) => xml.replace(/<MsgID>[^<]*</, `<MsgID>${id}<`)),
  ),
  ...['x', '', '1.5', '-3', '\u0663', '99999999999999999999'].map((id) =>
    rewrite(`CmdID ${id || '(empty)'}`, (xml) => xml.replace(/<CmdID>[^<]*</g, `<CmdID>${id}<`)),
  ),
  rewrite('every CmdID the same', (xml) => xml.replace(/<CmdID>[^<]*</g, '<CmdID>1<')),
  rewrite('SessionID of 4 KiB', (xml) => xml.replace(/<SessionID>[^<]*</, `<SessionID>${'F'.repeat(4096)}<`)),
  rewrite('SessionID with markup characters', (xml) => xml.replace(/<SessionID>[^<]*</, '<SessionID>a:b/../*&amp;&lt;&#x1F600;<')),
  rewrite('entity declared in a DOCTYPE', (xml) => `<!DOCTYPE SyncML [<!ENTITY d "${'A'.repeat(10)}">]>${xml.replace(/<Data>[^<]*</, '<Data>&d;<')}`),
  rewrite(
    'external entity in the header',
    (xml) => `<!DOCTYPE SyncML [<!ENTITY e SYSTEM "file:///etc/passwd">]>${xml.replace(/<SessionID>[^<]*</, '<SessionID>&e;<')}`,
  ),
  rewrite('undeclared entity', (xml) => xml.replace(/<SessionID>[^<]*</, '<SessionID>&nbsp;&x;<')),
  rewrite('numeric references to non-characters', (xml) => xml.replace(/<Data>[^<]*</, '<Data>&#0;&#xFFFF;&#xD800;<')),
  rewrite('CDATA and comments in values', (xml) =>
    xml.replace(/<MsgID>([^<]*)</, '<MsgID><!-- c --><![CDATA[$1]]><').replace(/<Data>/, '<Data><![CDATA[<x>&]]>'),
  ),
  rewrite('deep nesting in the body', (xml) => inBody(xml, `${'<Atomic>'.repeat(2000)}${'</Atomic>'.repeat(2000)}`)),
  rewrite('deep nesting in an item', (xml) => xml.replace(/<Data>/, `<Data>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`)),
  rewrite('17,000 empty commands', (xml) => inBody(xml, '<Get><CmdID>9</CmdID></Get>'.repeat(17_000))),
  rewrite('just under 512 KiB', (xml) => xml.replace(/<Data>/, `<Data>${'A'.repeat(500 * 1024)}`)),
  rewrite('over 512 KiB', (xml) => xml.replace(/<Data>/, `<Data>${'A'.repeat(600 * 1024)}`)),
  rewrite('Cred of garbage', cred('syncml:auth-md5', '!!!not base64!!!')),
  rewrite('Cred MD5 of zeros', cred('syncml:auth-md5', Buffer.alloc(16).toString('base64'))),
  rewrite('Cred basic', cred('syncml:auth-basic', Buffer.from('admin:admin').toString('base64'))),
  rewrite('Cred of an unknown type', cred('syncml:auth-x509', 'AAAA')),
  rewrite('Cred without Meta', (xml) => inHeader(xml, '<Cred><Data>AAAA</Data></Cred>')),
  rewrite('Cred of 64 KiB', cred('syncml:auth-md5', 'A'.repeat(64 * 1024))),
  rewrite('Cred in chr', cred('syncml:auth-md5', '\u00e9\u202e', 'chr')),
  rewrite('two Creds', (xml) => cred('syncml:auth-md5', 'BBBB')(cred('syncml:auth-md5', 'AAAA')(xml))),
  rewrite('Results for an unknown CmdRef', (xml) =>
    inBody(
      xml,
      '<Results><CmdID>90</CmdID><MsgRef>1</MsgRef><CmdRef>999999</CmdRef><Item><Source><LocURI>./DevDetail/SwV</LocURI></Source><Data>1</Data></Item></Results>',
    ),
  ),
  rewrite('Status for an unknown CmdRef', (xml) =>
    inBody(xml, '<Status><CmdID>91</CmdID><MsgRef>7</MsgRef><CmdRef>424242</CmdRef><Cmd>Exec</Cmd><Data>200</Data></Status>'),
  ),
  rewrite('Status with a code that is not a number', (xml) =>
    inBody(xml, '<Status><CmdID>92</CmdID><MsgRef>1</MsgRef><CmdRef>2</CmdRef><Cmd>Get</Cmd><Data>OK</Data></Status>'),
  ),
  rewrite('Status without Data', (xml) => inBody(xml, '<Status><CmdID>93</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd></Status>')),
  rewrite('MaxMsgSize 0', maxMsgSize('0')),
  rewrite('MaxMsgSize 1', maxMsgSize('1')),
  rewrite('MaxMsgSize 100', maxMsgSize('100')),
  rewrite('MaxMsgSize huge', maxMsgSize('99999999999999999999999')),
  rewrite('MaxMsgSize negative', maxMsgSize('-65536')),
  rewrite('MaxMsgSize not a number', maxMsgSize('lots')),
  rewrite('Alert 1223 (session abort)', (xml) => inBody(xml, '<Alert><CmdID>80</CmdID><Data>1223</Data></Alert>')),
  rewrite('Alert of an unknown code', (xml) => inBody(xml, '<Alert><CmdID>81</CmdID><Data>9999</Data></Alert>')),
  rewrite('Alert 1226 of an unknown type', (xml) =>
    inBody(
      xml,
      '<Alert><CmdID>82</CmdID><Data>1226</Data><Item><Meta><Type xmlns="syncml:metinf">com.example:other</Type></Meta><Data>1</Data></Item></Alert>',
    ),
  ),
  rewrite('Final missing', (xml) => xml.replace(/<Final\s*\/>/, '')),
  rewrite('Final twice', (xml) => xml.replace(/<Final\s*\/>/, '<Final/><Final/>')),
  rewrite('SyncHdr twice', (xml) => xml.replace(/(<SyncHdr>[\s\S]*?<\/SyncHdr>)/, '$1$1')),
  rewrite('SyncHdr missing', (xml) => xml.replace(/<SyncHdr>[\s\S]*?<\/SyncHdr>/, '')),
  rewrite('Source missing', (xml) => xml.replace(/(<SyncHdr>[\s\S]*?)<Source>[\s\S]*?<\/Source>/, '$1')),
  rewrite('Source twice', (xml) => xml.replace(/(<SyncHdr>[\s\S]*?)(<Source>[\s\S]*?<\/Source>)/, '$1$2<Source><LocURI>OTHER</LocURI></Source>')),
  rewrite('SyncBody missing', (xml) => xml.replace(/<SyncBody>[\s\S]*<\/SyncBody>/, '')),
  rewrite('VerProto DM/1.1', (xml) => xml.replace(/<VerProto>[^<]*</, '<VerProto>DM/1.1<')),
  rewrite('VerDTD 9.9', (xml) => xml.replace(/<VerDTD>[^<]*</, '<VerDTD>9.9<')),
  rewrite('unknown command', (xml) => inBody(xml, '<Sequence><CmdID>70</CmdID><Get><CmdID>71</CmdID></Get></Sequence>')),
  rewrite('an item with 10,000 attributes', (xml) => xml.replace('<Item>', `<Item ${Array.from({ length: 10_000 }, (_, i) => `a${i}="1"`).join(' ')}>`)),
  rewrite('truncated', (xml) => xml.slice(0, Math.floor(xml.length / 2))),
  rewrite('UTF-16 declared', (xml) => `<?xml version="1.0" encoding="UTF-16"?>${xml}`),
  rewrite('byte order mark', (xml) => `\ufeff${xml}`),
  rewrite('trailing garbage', (xml) => `${xml}<SyncML/>junk`),
];

const NOT_XML_TEXT = new RegExp(NOT_XML_CHAR.source, 'gu');

/** The header's Source replaced by a hostile value (or left empty), less what XML cannot carry at all. */
const hostileSource = (to: Addressing): fc.Arbitrary<Labeled<string>> =>
  hostileString.map(({ label, value }) => ({
    label: `hostile Source: ${label}`,
    value: package1({ ...to, source: value.replace(NOT_XML_TEXT, '') }, {}),
  }));

const CONTENT_TYPES: Array<Labeled<string>> = [
  ...Array.from({ length: 20 }, () => ({ label: 'valid', value: SYNCML_CONTENT_TYPE })),
  { label: 'valid', value: `${SYNCML_CONTENT_TYPE}; charset=utf-8` },
  { label: 'valid', value: 'APPLICATION/VND.SYNCML.DM+XML' },
  { label: 'content type WBXML', value: 'application/vnd.syncml.dm+wbxml' },
  { label: 'content type text/xml', value: 'text/xml' },
  { label: 'content type application/json', value: 'application/json' },
  { label: 'content type with an unknown charset', value: `${SYNCML_CONTENT_TYPE}; charset=x-unknown` },
  { label: 'content type with charset latin1', value: `${SYNCML_CONTENT_TYPE}; charset=iso-8859-1` },
  { label: 'content type empty', value: '' },
];

const draft = (kind: DraftKind, label: string, xml: string): BodyDraft => ({ kind, label, bytes: Buffer.from(xml, 'utf8'), contentType: SYNCML_CONTENT_TYPE });

/** The Alert 1226 of a user removing the work account: the device unenrolls itself. */
export const UNENROLL_ALERT = rewrite('Alert 1226 (the device unenrolls)', (xml) =>
  inBody(
    xml,
    '<Alert><CmdID>83</CmdID><Data>1226</Data><Item><Meta><Format xmlns="syncml:metinf">int</Format><Type xmlns="syncml:metinf">com.microsoft:mdm.unenrollment.userrequest</Type></Meta><Data>1</Data></Item></Alert>',
  ),
);

/**
 * Bodies for the management endpoint from the device `to` names: valid messages, one rule broken, hostile
 * XML and whole bodies that are not XML, under right and wrong content types. `unenroll` adds the Alert that
 * ends the device's enrollment.
 */
export function syncmlBodies(to: Addressing, options: { unenroll?: boolean } = {}): fc.Arbitrary<BodyDraft> {
  const rewrites = options.unenroll ? [...REWRITES, UNENROLL_ALERT, UNENROLL_ALERT] : REWRITES;
  const bodies = fc.oneof(
    { weight: 6, arbitrary: validMessages(to).map(({ label, value }) => draft('valid', label, value)) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(validMessages(to), fc.constantFrom(...rewrites))
        .map(([message, change]) => draft('hostile-field', change.label, change.value(message.value))),
    },
    { weight: 1, arbitrary: hostileSource(to).map(({ label, value }) => draft('hostile-field', label, value)) },
    { weight: 2, arbitrary: hostileXml.map(({ label, value }) => draft('garbage', `hostile XML: ${label}`, value)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"SyncML":{}}', 'SyncML', '\u0000\u0001\u0002', 'A'.repeat(70_000), '<', ' ')
        .map((text) => draft('garbage', 'not XML', text)),
    },
  );
  return fc
    .tuple(bodies, fc.constantFrom(...CONTENT_TYPES))
    .map(([made, type]): BodyDraft =>
      type.label === 'valid'
        ? { ...made, contentType: type.value }
        : { ...made, kind: made.kind === 'valid' ? 'hostile-field' : made.kind, label: `${made.label} + ${type.label}`, contentType: type.value },
    );
}
