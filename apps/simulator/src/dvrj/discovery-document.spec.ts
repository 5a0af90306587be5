import { contractUrl, deviceUrl, parseDiscoveryDocument, registrationUrl } from './discovery-document';

/** Shaped as the MS-DVRD example: the three services, the registration one first. */
const EXAMPLE = JSON.stringify({
  DeviceRegistrationService: {
    RegistrationEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/',
    RegistrationResourceId: 'urn:ms-drs:sts.contoso.com',
    ServiceVersion: '1.0',
  },
  AuthenticationService: {
    OAuth2: { AuthCodeEndpoint: 'https://sts.contoso.com/adfs/oauth2/authorize', TokenEndpoint: 'https://sts.contoso.com/adfs/oauth2/token' },
  },
  IdentityProviderService: { PassiveAuthEndpoint: 'https://sts.contoso.com/adfs/ls' },
});

describe(parseDiscoveryDocument.name, () => {
  const contract = contractUrl('https://enterpriseregistration.contoso.com/');

  it('asks for the contract at the base URL with api-version 1.0', () => {
    expect(contract).toBe('https://enterpriseregistration.contoso.com/EnrollmentServer/contract?api-version=1.0');
  });

  it("follows DeviceRegistrationService's endpoint, resource id and version", () => {
    expect(parseDiscoveryDocument(EXAMPLE, contract)).toEqual({
      registrationEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/',
      registrationResourceId: 'urn:ms-drs:sts.contoso.com',
      serviceVersion: '1.0',
    });
  });

  it('resolves a relative endpoint against the contract URL', () => {
    const sut = parseDiscoveryDocument(JSON.stringify({ DeviceRegistrationService: { RegistrationEndpoint: '/EnrollmentServer/device/' } }), contract);

    expect(sut.registrationEndpoint).toBe('https://enterpriseregistration.contoso.com/EnrollmentServer/device/');
  });

  it.each([
    ['not JSON', '<html/>', /not JSON/],
    ['JSON null', 'null', /RegistrationEndpoint/],
    ['no registration service', JSON.stringify({ AuthenticationService: {} }), /RegistrationEndpoint/],
    ['an endpoint that is not a string', JSON.stringify({ DeviceRegistrationService: { RegistrationEndpoint: 42 } }), /RegistrationEndpoint/],
    ['an endpoint that is not http(s)', JSON.stringify({ DeviceRegistrationService: { RegistrationEndpoint: 'ftp://x/' } }), /not an http/],
  ])('throws on %s', (_, text, message) => {
    expect(() => parseDiscoveryDocument(text, contract)).toThrow(message);
  });
});

describe(deviceUrl.name, () => {
  const id = '2b6a0d4e-55a5-4b8c-9d44-2c6f3f4e9a10';

  it.each([
    ['https://sts.contoso.com/EnrollmentServer/device/', `https://sts.contoso.com/EnrollmentServer/device/${id}?api-version=1.0`],
    ['https://sts.contoso.com/EnrollmentServer/device', `https://sts.contoso.com/EnrollmentServer/device/${id}?api-version=1.0`],
  ])('appends the device id to %s', (endpoint, expected) => {
    expect(deviceUrl({ registrationEndpoint: endpoint }, id)).toBe(expected);
  });

  it('puts api-version 1.0 on the registration endpoint, keeping its path', () => {
    expect(registrationUrl({ registrationEndpoint: 'https://sts.contoso.com/EnrollmentServer/device/' })).toBe(
      'https://sts.contoso.com/EnrollmentServer/device/?api-version=1.0',
    );
  });
});
