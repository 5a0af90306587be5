import { createHash, X509Certificate } from 'node:crypto';
import { MDE2_MAX_XML_BYTES } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import type { CertificateStoreScope, ParsedProvisioningDoc, ProvisioningDocInput, RenewalProvisioningDocInput } from './mde2.types';
import { childrenNamed, parseSafeXml, UnsafeXmlError, type XmlElement } from '../xml/safe-xml';
import { xmlText } from './soap-envelope';

type Node = { characteristic: string; children: Node[] } | { parm: string; value?: string; datatype?: string };

/** A certificate's thumbprint as Windows names store entries: SHA-1 of the DER, upper-case hex. */
export function certificateThumbprint(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/**
 * Renders the wap-provisioningdoc of an enrollment: the CA and device certificates with the renewal
 * settings (CertificateStore), the OMA-DM account (APPLICATION w7) and its poll schedule (DMClient).
 */
export function renderProvisioningDoc(input: ProvisioningDocInput): string {
  const deviceThumbprint = certificateThumbprint(input.deviceCertificateDer);
  const certificateStore = group('CertificateStore', [
    group('Root', [
      group('System', [group(certificateThumbprint(input.caCertificateDer), [parm('EncodedCertificate', input.caCertificateDer.toString('base64'))])]),
    ]),
    group('My', [
      group(input.certificateStore, [
        group(deviceThumbprint, [parm('EncodedCertificate', input.deviceCertificateDer.toString('base64'))]),
        // Windows' example says this empty characteristic must be present.
        group('PrivateKeyContainer', []),
      ]),
      group('WSTEP', [
        group('Renew', [
          // The CertificateStore CSP wants the datatypes spelled out for these three.
          parm('ROBOSupport', 'true', 'boolean'),
          parm('RenewPeriod', String(input.renewalPeriodDays), 'integer'),
          parm('RetryInterval', String(input.renewalRetryIntervalDays), 'integer'),
        ]),
      ]),
    ]),
  ]);
  const application = group('APPLICATION', [
    parm('APPID', 'w7'),
    parm('PROVIDER-ID', input.providerId),
    parm('NAME', input.providerId),
    parm('ADDR', input.managementUrl),
    parm('CONNRETRYFREQ', '6'),
    parm('INITIALBACKOFFTIME', '30000'),
    parm('MAXBACKOFFTIME', '120000'),
    parm('BACKCOMPATRETRYDISABLED'),
    parm('DEFAULTENCODING', 'application/vnd.syncml.dm+xml'),
    parm('SSLCLIENTCERTSEARCHCRITERIA', searchCriteria(input.deviceCommonName ?? commonNameOf(input.deviceCertificateDer), input.certificateStore)),
    // The sessions authenticate by the TLS client certificate; DIGEST with the nonces is what Windows
    // requires the account to declare, so the names and secrets here are never checked.
    group('APPAUTH', [parm('AAUTHLEVEL', 'CLIENT'), parm('AAUTHTYPE', 'DIGEST'), parm('AAUTHSECRET', input.providerId), parm('AAUTHDATA', input.clientNonce)]),
    group('APPAUTH', [
      parm('AAUTHLEVEL', 'APPSRV'),
      parm('AAUTHTYPE', 'DIGEST'),
      parm('AAUTHNAME', input.providerId),
      parm('AAUTHSECRET', input.providerId),
      parm('AAUTHDATA', input.serverNonce),
    ]),
  ]);
  // The DMClient CSP's documented schedule: 8 tries 15 minutes apart, 5 more 3 hours apart, then daily.
  const poll = group('Poll', [
    parm('NumberOfFirstRetries', '8', 'integer'),
    parm('IntervalForFirstSetOfRetries', '15', 'integer'),
    parm('NumberOfSecondRetries', '5', 'integer'),
    parm('IntervalForSecondSetOfRetries', '3', 'integer'),
    parm('NumberOfRemainingScheduledRetries', '0', 'integer'),
    parm('IntervalForRemainingScheduledRetries', '1560', 'integer'),
    parm('PollOnLogin', 'true', 'boolean'),
  ]);
  const dmClient = group('DMClient', [group('Provider', [group(input.providerId, [poll])])]);
  // The XML declaration as a Windows server capture shows it; the specification's example omits it.
  return `<?xml version="1.0" encoding="UTF-8"?><wap-provisioningdoc version="1.1">${[certificateStore, application, dmClient].map(render).join('')}</wap-provisioningdoc>`;
}

/**
 * Renders the wap-provisioningdoc answering a renewal: only the new certificate (and the CA, should the
 * device have lost it) under CertificateStore, and the APPLICATION's PROVIDER-ID naming the account it
 * belongs to, as Microsoft's certificate renewal response shows; the account itself is left as it is.
 */
export function renderRenewalProvisioningDoc(input: RenewalProvisioningDocInput): string {
  const certificateStore = group('CertificateStore', [
    group('Root', [
      group('System', [group(certificateThumbprint(input.caCertificateDer), [parm('EncodedCertificate', input.caCertificateDer.toString('base64'))])]),
    ]),
    group('My', [
      group(input.certificateStore, [
        group(certificateThumbprint(input.deviceCertificateDer), [parm('EncodedCertificate', input.deviceCertificateDer.toString('base64'))]),
        group('PrivateKeyContainer', []),
      ]),
    ]),
  ]);
  const application = group('APPLICATION', [parm('PROVIDER-ID', input.providerId)]);
  return `<?xml version="1.0" encoding="UTF-8"?><wap-provisioningdoc version="1.1">${[certificateStore, application].map(render).join('')}</wap-provisioningdoc>`;
}

// `Subject=CN%3D…&Stores=My%5CSystem`: the device certificate by its CN in the store it was put in.
function searchCriteria(cn: string | undefined, store: CertificateStoreScope): string {
  const stores = `Stores=My%5C${store}`;
  return cn === undefined ? stores : `Subject=${encodeURIComponent(`CN=${cn}`)}&${stores}`;
}

function commonNameOf(deviceDer: Buffer): string | undefined {
  const escaped = /^CN=(.*)$/m.exec(new X509Certificate(deviceDer).subject)?.[1];
  // Node writes the subject RFC 4514-style (`\<`, `\2C`); the criteria want the CN itself, URL-encoded.
  return escaped?.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_, c: string) => (c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c));
}

const group = (characteristic: string, children: Node[]): Node => ({ characteristic, children });
const parm = (name: string, value?: string, datatype?: string): Node => ({ parm: name, value, datatype });

function render(node: Node): string {
  if ('characteristic' in node) {
    const type = xmlText(node.characteristic, 'characteristic/@type');
    return node.children.length === 0
      ? `<characteristic type="${type}"/>`
      : `<characteristic type="${type}">${node.children.map(render).join('')}</characteristic>`;
  }
  const value = node.value === undefined ? '' : ` value="${xmlText(node.value, node.parm)}"`;
  const datatype = node.datatype === undefined ? '' : ` datatype="${node.datatype}"`;
  return `<parm name="${xmlText(node.parm, 'parm/@name')}"${value}${datatype}/>`;
}

/** Reads a wap-provisioningdoc back (for the simulator and the tests); a CertificateStore may be split. */
export function parseProvisioningDoc(xml: string): ParsedProvisioningDoc {
  let root: XmlElement;
  try {
    root = parseSafeXml(xml, { maxBytes: MDE2_MAX_XML_BYTES });
  } catch (error) {
    throw error instanceof UnsafeXmlError ? new Mde2FormatError(error.message) : error;
  }
  if (root.name !== 'wap-provisioningdoc') throw new Mde2FormatError('The document is not a wap-provisioningdoc');
  const tops = childrenNamed(root, 'characteristic');
  const stores = tops.filter((top) => typeOf(top) === 'CertificateStore');
  const caEntry = entryOf(stores, ['Root', 'System']);
  const user = entryOf(stores, ['My', 'User']);
  const device = user ?? entryOf(stores, ['My', 'System']);
  const application = tops.find((top) => typeOf(top) === 'APPLICATION');
  const provider = characteristic(
    tops.find((top) => typeOf(top) === 'DMClient'),
    'Provider',
  )?.children.find((c) => c.name === 'characteristic');
  if (!caEntry || !device || !application || !provider) throw new Mde2FormatError('The document lacks a certificate, the APPLICATION or the DMClient provider');
  const auth = childrenNamed(application, 'characteristic')
    .filter((candidate) => typeOf(candidate) === 'APPAUTH')
    .map((entry) => ({
      level: parmOf(entry, 'AAUTHLEVEL') as 'CLIENT' | 'APPSRV',
      type: parmOf(entry, 'AAUTHTYPE') ?? '',
      name: parmOf(entry, 'AAUTHNAME'),
      secret: parmOf(entry, 'AAUTHSECRET'),
      data: parmOf(entry, 'AAUTHDATA') ?? '',
    }));
  return {
    topLevel: tops.map(typeOf),
    caThumbprint: typeOf(caEntry),
    caCertificateBase64: parmOf(caEntry, 'EncodedCertificate') ?? '',
    deviceStore: user ? 'User' : 'System',
    deviceThumbprint: typeOf(device),
    deviceCertificateBase64: parmOf(device, 'EncodedCertificate') ?? '',
    application: {
      appId: parmOf(application, 'APPID') ?? '',
      providerId: parmOf(application, 'PROVIDER-ID') ?? '',
      addr: parmOf(application, 'ADDR') ?? '',
      auth,
    },
    dmClientProviderId: typeOf(provider),
  };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
const typeOf = (element: XmlElement): string => element.attributes.type ?? '';

function characteristic(parent: XmlElement | undefined, type: string): XmlElement | undefined {
  return childrenNamed(parent, 'characteristic').find((candidate) => typeOf(candidate) === type);
}

// The first certificate entry under store/scope: the characteristic holding an EncodedCertificate parm.
function entryOf(stores: XmlElement[], path: string[]): XmlElement | undefined {
  for (const store of stores) {
    const scope = path.reduce<XmlElement | undefined>((at, type) => characteristic(at, type), store);
    const entry = childrenNamed(scope, 'characteristic').find((candidate) => parmOf(candidate, 'EncodedCertificate') !== undefined);
    if (entry) return entry;
  }
  return undefined;
}

function parmOf(element: XmlElement, name: string): string | undefined {
  return childrenNamed(element, 'parm').find((candidate) => candidate.attributes.name === name)?.attributes.value;
}
