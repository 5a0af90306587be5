import { X509Certificate } from 'node:crypto';
import {
  DvrjRegisterRequestSchema,
  isDvrdApiVersion,
  renderDiscovery,
  renderDiscoveryXml,
  renderErrorDetails,
  renderRegisterResponse,
  WORKPLACE_JOIN_TYPE,
} from '.';
import { windowsCsr } from '../pki/windows-csr';
import { selfSignedServerCertificate } from '../pki/testing/server-certificate';
import { parseSafeXml, textAt } from '../xml/safe-xml';

const settings = {
  registrationEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/',
  resourceId: 'urn:ms-drs:434DF4A9-3CF2-4C1D-917E-2CD2B72F515A',
  authorizeUrl: 'https://sts.contoso.com/adfs/oauth2/authorize',
  tokenUrl: 'https://sts.contoso.com/adfs/oauth2/token',
  passiveUrl: 'https://sts.contoso.com/adfs/ls',
  intranetEndpoints: ['https://sts.contoso.com/'],
};

describe('renderDiscovery', () => {
  it('renders version 1.0 as the specification example, without the 1.2 members', () => {
    const sut = renderDiscovery('1.0', settings);
    expect(JSON.parse(JSON.stringify(sut))).toEqual({
      DeviceRegistrationService: {
        RegistrationEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/',
        RegistrationResourceId: 'urn:ms-drs:434DF4A9-3CF2-4C1D-917E-2CD2B72F515A',
        ServiceVersion: '1.0',
      },
      AuthenticationService: {
        OAuth2: { AuthCodeEndpoint: 'https://sts.contoso.com/adfs/oauth2/authorize', TokenEndpoint: 'https://sts.contoso.com/adfs/oauth2/token' },
      },
      IdentityProviderService: { PassiveAuthEndpoint: 'https://sts.contoso.com/adfs/ls' },
    });
  });

  it('adds the join service and the browser zones in version 1.2, as the specification example', () => {
    const sut = renderDiscovery('1.2', settings);
    expect(sut.DeviceJoinService).toEqual({
      JoinEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/',
      JoinResourceId: 'urn:ms-drs:434DF4A9-3CF2-4C1D-917E-2CD2B72F515A',
      ServiceVersion: '1.0',
    });
    expect(sut.WebBrowserZones).toEqual({ Intranet: { Endpoints: ['https://sts.contoso.com/'] }, Trusted: null, Untrusted: null });
  });

  it.each([
    ['1.0', true],
    ['1.2', true],
    ['1.1', false],
    ['2.0', false],
    [undefined, false],
    [['1.0'], false],
  ])('api-version %p is served: %p', (version, served) => {
    expect(isDvrdApiVersion(version)).toBe(served);
  });
});

describe('DvrjRegisterRequestSchema', () => {
  const csr = windowsCsr({ commonName: '7E980AD9-B86D-4306-9425-9AC066FB014A' }).der.toString('base64');
  const body = {
    CertificateRequest: { Type: 'pkcs10', Data: csr },
    TransportKey: Buffer.from('RSA1 key blob').toString('base64'),
    TargetDomain: 'contoso.com',
    DeviceType: 'Windows',
    OSVersion: '10.0.19045.3803',
    DeviceDisplayName: 'PC-0042',
    JoinType: WORKPLACE_JOIN_TYPE,
    Attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
    AikCertificate: 'ignored',
  };

  it('reads a register request as the specification describes it, ignoring members it does not use', () => {
    const sut = DvrjRegisterRequestSchema.parse(body);
    expect(sut.CertificateRequest.Data).toBe(csr);
    expect(sut.JoinType).toBe(4);
    expect(sut).not.toHaveProperty('AikCertificate');
  });

  it.each([
    ['another certificate request type', { ...body, CertificateRequest: { Type: 'pkcs7', Data: csr } }],
    ['data that is not base64', { ...body, CertificateRequest: { Type: 'pkcs10', Data: 'not base64!' } }],
    ['no display name', { ...body, DeviceDisplayName: undefined }],
    ['a JoinType that is not a number', { ...body, JoinType: '4' }],
    ['no certificate request', { ...body, CertificateRequest: undefined }],
  ])('refuses %s', (_, value) => {
    expect(DvrjRegisterRequestSchema.safeParse(value).success).toBe(false);
  });
});

describe('renderRegisterResponse', () => {
  it('carries the certificate as base64 DER with its SHA-1 thumbprint, and the user', () => {
    const der = Buffer.from(new X509Certificate(selfSignedServerCertificate().cert).raw);
    const sut = renderRegisterResponse(der, 'alice@contoso.com');
    expect(Buffer.from(sut.Certificate.RawBody, 'base64').equals(der)).toBe(true);
    expect(sut.Certificate.Thumbprint).toBe(new X509Certificate(der).fingerprint.replace(/:/g, ''));
    expect(sut.User).toEqual({ Upn: 'alice@contoso.com' });
    expect(sut.MembershipChanges).toEqual([]);
  });
});

describe('renderErrorDetails', () => {
  it('has the members of the specification ErrorDetails', () => {
    const sut = renderErrorDetails('VALIDATION_FAILED', 'JoinType 0 is not served', new Date('2026-01-02T03:04:05Z'), 'trace');
    expect(sut).toEqual({ ErrorType: 'VALIDATION_FAILED', Message: 'JoinType 0 is not served', TraceId: 'trace', Time: '2026-01-02T03:04:05.000Z' });
  });
});

describe('renderDiscoveryXml', () => {
  it('renders the 1.2 document as the specification XML example', () => {
    const sut = parseSafeXml(renderDiscoveryXml(renderDiscovery('1.2', settings)), { maxBytes: 65_536, maxDepth: 16, maxElements: 256 });
    expect(textAt(sut, 'DeviceRegistrationService', 'RegistrationEndpoint')).toBe('https://sts.contoso.com/EnrollmentServer/device/');
    expect(textAt(sut, 'AuthenticationService', 'OAuth2', 'TokenEndpoint')).toBe('https://sts.contoso.com/adfs/oauth2/token');
    expect(textAt(sut, 'IdentityProviderService', 'PassiveAuthEndpoint')).toBe('https://sts.contoso.com/adfs/ls');
    expect(textAt(sut, 'DeviceJoinService', 'JoinResourceId')).toBe('urn:ms-drs:434DF4A9-3CF2-4C1D-917E-2CD2B72F515A');
    expect(textAt(sut, 'WebBrowserZones', 'Intranet', 'Endpoints', 'anyURI')).toBe('https://sts.contoso.com/');
  });

  it('escapes what it writes and marks null members nil', () => {
    const xml = renderDiscoveryXml({ A: { B: 'x<&>"y' }, C: null });
    expect(xml).toContain('<B>x&lt;&amp;&gt;&quot;y</B>');
    expect(xml).toContain('<C i:nil="true"/>');
  });
});
