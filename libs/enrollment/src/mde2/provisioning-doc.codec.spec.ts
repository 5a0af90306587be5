import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { opensslOk, TempDir } from '../pki/testing/openssl';
import { Mde2FormatError } from './mde2-format.error';
import type { ProvisioningDocInput } from './mde2.types';
import { certificateThumbprint, parseProvisioningDoc, renderProvisioningDoc } from './provisioning-doc.codec';
import { wellFormed } from './testing/fixture';

describe(renderProvisioningDoc.name, () => {
  const dir = new TempDir();
  let input: ProvisioningDocInput;

  beforeAll(() => {
    const certificate = (name: string, subject: string) => {
      opensslOk([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        dir.file(`${name}.key`),
        '-subj',
        subject,
        '-days',
        '1',
        '-outform',
        'DER',
        '-out',
        dir.file(`${name}.der`),
      ]);
      return readFileSync(dir.file(`${name}.der`));
    };
    input = {
      caCertificateDer: certificate('ca', '/CN=Enrollment CA'),
      deviceCertificateDer: certificate('device', '/CN=1E08C6E9-5D8B-B843 & <PC>'),
      certificateStore: 'System',
      providerId: 'Enrollment "Orchestrator"',
      managementUrl: 'https://mdm.example/ManagementServer/MDM.svc?tenant=a&b=<c>',
      clientNonce: Buffer.from('client-nonce').toString('base64'),
      serverNonce: Buffer.from('server-nonce').toString('base64'),
      renewalPeriodDays: 42,
      renewalRetryIntervalDays: 7,
    };
  });

  afterAll(() => dir.dispose());

  const sha1 = (der: Buffer) => createHash('sha1').update(der).digest('hex').toUpperCase();

  it('is read back: three top-level characteristics, thumbprints from the DER, the nonces as given', () => {
    const sut = renderProvisioningDoc(input);
    wellFormed(sut);
    expect(parseProvisioningDoc(sut)).toEqual({
      topLevel: ['CertificateStore', 'APPLICATION', 'DMClient'],
      caThumbprint: sha1(input.caCertificateDer),
      caCertificateBase64: input.caCertificateDer.toString('base64'),
      deviceStore: 'System',
      deviceThumbprint: sha1(input.deviceCertificateDer),
      deviceCertificateBase64: input.deviceCertificateDer.toString('base64'),
      application: {
        appId: 'w7',
        providerId: input.providerId,
        addr: input.managementUrl,
        auth: [
          { level: 'CLIENT', type: 'DIGEST', name: undefined, secret: input.providerId, data: input.clientNonce },
          { level: 'APPSRV', type: 'DIGEST', name: input.providerId, secret: input.providerId, data: input.serverNonce },
        ],
      },
      dmClientProviderId: input.providerId,
    });
  });

  it.each([
    [
      'the renewal settings, typed',
      '<characteristic type="WSTEP"><characteristic type="Renew"><parm name="ROBOSupport" value="true" datatype="boolean"/><parm name="RenewPeriod" value="42" datatype="integer"/><parm name="RetryInterval" value="7" datatype="integer"/>',
    ],
    ['the DM encoding', '<parm name="DEFAULTENCODING" value="application/vnd.syncml.dm+xml"/>'],
    [
      'the client certificate search in the store it went to',
      '<parm name="SSLCLIENTCERTSEARCHCRITERIA" value="Subject=CN%3D1E08C6E9-5D8B-B843%20%26%20%3CPC%3E&amp;Stores=My%5CSystem"/>',
    ],
    ['the poll schedule', '<parm name="IntervalForRemainingScheduledRetries" value="1560" datatype="integer"/>'],
    ['the private key container', '<characteristic type="PrivateKeyContainer"/>'],
  ])('holds %s', (_, fragment) => {
    expect(renderProvisioningDoc(input)).toContain(fragment);
  });

  it('puts a user enrollment in My/User', () => {
    const sut = parseProvisioningDoc(renderProvisioningDoc({ ...input, certificateStore: 'User' }));
    expect(sut.deviceStore).toBe('User');
    expect(renderProvisioningDoc({ ...input, certificateStore: 'User' })).toContain('Stores=My%5CUser');
  });

  it('refuses a device certificate that is not DER', () => {
    expect(() => renderProvisioningDoc({ ...input, deviceCertificateDer: Buffer.from('nope') })).toThrow();
  });
});

describe(certificateThumbprint.name, () => {
  it('is SHA-1 in upper-case hex', () => {
    expect(certificateThumbprint(Buffer.from('abc'))).toBe('A9993E364706816ABA3E25717850C26C9CD0D89D');
  });
});

describe(parseProvisioningDoc.name, () => {
  it('reads the specification example, whose CertificateStore comes in two parts', () => {
    const doc = `<wap-provisioningdoc version="1.1">
      <characteristic type="CertificateStore"><characteristic type="Root"><characteristic type="System">
        <characteristic type="031336C933CC7E228B88880D78824FB2909A0A2F"><parm name="EncodedCertificate" value="Q0E=" /></characteristic>
      </characteristic></characteristic></characteristic>
      <characteristic type="CertificateStore"><characteristic type="My"><characteristic type="User">
        <characteristic type="F9A4F20FC50D990FDD0E3DB9AFCBF401818D5462"><parm name="EncodedCertificate" value="REVW" /></characteristic>
        <characteristic type="PrivateKeyContainer"/>
      </characteristic></characteristic></characteristic>
      <characteristic type="APPLICATION"><parm name="APPID" value="w7"/><parm name="PROVIDER-ID" value="TestMDMServer"/><parm name="ADDR" value="https://DM.contoso.com:443/omadm/Windows.ashx"/>
        <characteristic type="APPAUTH"><parm name="AAUTHLEVEL" value="CLIENT"/><parm name="AAUTHTYPE" value="DIGEST"/><parm name="AAUTHSECRET" value="password1"/><parm name="AAUTHDATA" value="B64encodedBinaryNonceInsertedHere"/></characteristic>
      </characteristic>
      <characteristic type="DMClient"><characteristic type="Provider"><characteristic type="TestMDMServer"/></characteristic></characteristic>
    </wap-provisioningdoc>`;
    expect(parseProvisioningDoc(doc)).toMatchObject({
      topLevel: ['CertificateStore', 'CertificateStore', 'APPLICATION', 'DMClient'],
      caThumbprint: '031336C933CC7E228B88880D78824FB2909A0A2F',
      deviceStore: 'User',
      deviceThumbprint: 'F9A4F20FC50D990FDD0E3DB9AFCBF401818D5462',
      dmClientProviderId: 'TestMDMServer',
    });
  });

  it.each([
    ['not a provisioning document', '<other/>'],
    ['no certificates', '<wap-provisioningdoc version="1.1"/>'],
    ['not XML', 'wap'],
  ])('refuses %s', (_, xml) => {
    expect(() => parseProvisioningDoc(xml)).toThrow(Mde2FormatError);
  });
});
