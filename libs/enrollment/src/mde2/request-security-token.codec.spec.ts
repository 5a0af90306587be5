import { REQUEST_SECURITY_TOKEN_ACTION } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import { parseRequestSecurityToken, parseRstr, renderRequestSecurityToken, renderRstr } from './request-security-token.codec';
import { fixture, wellFormed } from './testing/fixture';

const CAPTURED_CSR = /#base64binary">([^<]+)</.exec(fixture('win10-rst.xml'))![1];

describe(parseRequestSecurityToken.name, () => {
  it('reads the Windows 10 capture: credentials, PKCS#10, every ContextItem in order, MAC six times', () => {
    const sut = parseRequestSecurityToken(fixture('win10-rst.xml'));
    expect(sut.header).toEqual({
      version: '1.2',
      action: REQUEST_SECURITY_TOKEN_ACTION,
      messageId: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749',
      to: 'https://pocmdmserver.com/EnrollmentServer/Enrollment.svc',
    });
    expect(sut.credentials).toEqual({ username: 'demo@pocmdmserver.com', password: 'demo' });
    expect(sut.requestType).toBe('Issue');
    expect(sut.binarySecurityToken).toMatchObject({ kind: 'pkcs10', base64: CAPTURED_CSR });
    expect(Object.keys(sut.context)).toEqual([
      'UXInitiated',
      'HWDevID',
      'Locale',
      'TargetedUserLoggedIn',
      'OSEdition',
      'DeviceName',
      'MAC',
      'DeviceID',
      'EnrollmentType',
      'DeviceType',
      'OSVersion',
      'ApplicationVersion',
      'NotInOobe',
    ]);
    expect(sut.context.MAC).toEqual([
      '00-0C-29-51-60-9D',
      '1A-77-20-52-41-53',
      '1A-77-20-52-41-53',
      '00-0C-29-51-60-A7',
      '18-14-20-52-41-53',
      '00-0C-29-51-60-93',
    ]);
  });

  it('reads the specification example: wrapped base64, the password and values trimmed, IMEI twice, True', () => {
    const sut = parseRequestSecurityToken(fixture('spec-rst.xml'));
    expect(sut.header.action).toBe(REQUEST_SECURITY_TOKEN_ACTION);
    expect(sut.credentials).toEqual({ username: 'user@contoso.com', password: 'mypassword' });
    expect(sut.binarySecurityToken?.base64).toBe(CAPTURED_CSR);
    expect(sut.context).toMatchObject({ OSEdition: ['4'], IMEI: ['49015420323756', '30215420323756'], TargetedUserLoggedIn: ['True'] });
  });

  it('reads a federated 22H2 request: no UsernameToken, RequestVersion in the context', () => {
    const sut = parseRequestSecurityToken(fixture('win10-22h2-rst.xml'));
    expect(sut.credentials).toBeUndefined();
    expect(sut.context.RequestVersion).toEqual(['5.0']);
    expect(sut.context.MAC).toHaveLength(2);
  });

  it.each([
    ['http://docs.oasis-open.org/ws-sx/ws-trust/200512/Renew', 'Renew'],
    ['http://schemas.microsoft.com/windows/pki/2009/01/enrollment#renew', 'Renew'],
    ['http://docs.oasis-open.org/ws-sx/ws-trust/200512#Issue', 'Issue'],
    ['http://docs.oasis-open.org/ws-sx/ws-trust/200512/Validate', 'Validate'],
  ])('reads RequestType %s as %s', (uri, expected) => {
    const xml = fixture('win10-rst.xml').replace('http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue', uri);
    expect(parseRequestSecurityToken(xml).requestType).toBe(expected);
  });

  it.each([
    ['enrollment#PKCS7', 'pkcs7'],
    ['enrollment#pkcs10', 'pkcs10'],
    ['enrollment#Other', 'unknown'],
  ])('reads ValueType …%s as %s', (suffix, kind) => {
    const xml = fixture('win10-rst.xml').replace('enrollment#PKCS10', suffix);
    expect(parseRequestSecurityToken(xml).binarySecurityToken?.kind).toBe(kind);
  });

  it('keeps a ContextItem named __proto__ as a plain entry', () => {
    const xml = fixture('win10-rst.xml').replace('Name="Locale"', 'Name="__proto__"');
    const sut = parseRequestSecurityToken(xml);
    expect(Object.getOwnPropertyDescriptor(sut.context, '__proto__')?.value).toEqual(['en-US']);
    expect(Object.getPrototypeOf(sut.context)).toBe(Object.prototype);
  });

  it.each([
    ['no RequestSecurityToken', fixture('win10-discover.xml')],
    ['no BinarySecurityToken', fixture('win10-rst.xml').replace(/<wsse:BinarySecurityToken ValueType[\s\S]*?<\/wsse:BinarySecurityToken>/, '')],
    ['a token that is not base64', fixture('win10-rst.xml').replace(CAPTURED_CSR, 'not*base64')],
    ['no RequestType', fixture('win10-rst.xml').replace(/<wst:RequestType>[^<]*<\/wst:RequestType>/, '')],
  ])('refuses %s', (_, xml) => {
    expect(() => parseRequestSecurityToken(xml)).toThrow(Mde2FormatError);
  });
});

describe(renderRequestSecurityToken.name, () => {
  const context: Array<[string, string]> = [
    ['UXInitiated', 'false'],
    ['HWDevID', 'AB12'],
    ['Locale', 'en-US'],
    ['TargetedUserLoggedIn', 'false'],
    ['OSEdition', '48'],
    ['DeviceName', 'PC-<&>"01'],
    ['MAC', '00-11-22-33-44-55'],
    ['MAC', '66-77-88-99-AA-BB'],
    ['MacAddress', '00-11-22-33-44-55'],
    ['IMEI', '490154203237518'],
    ['EnrollmentType', 'Device'],
    ['DeviceType', 'CIMClient_Windows'],
    ['OSVersion', '10.0.22631.4460'],
    ['ApplicationVersion', '10.0.22631.4460'],
    ['NotInOobe', 'true'],
    ['RequestVersion', '5.0'],
    ['DeviceID', '1E08C6E95D8BB843B1278FF45BC60CC6'],
  ];

  it.each(['Issue', 'Renew'] as const)('renders an %s request the server parser reads back', (requestType) => {
    const sut = renderRequestSecurityToken({
      messageId: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749',
      to: 'https://mdm.example/EnrollmentServer/Enrollment.svc',
      credentials: { username: 'u', password: 'p&' },
      csrBase64: CAPTURED_CSR,
      requestType,
      context,
    });
    wellFormed(sut);
    const parsed = parseRequestSecurityToken(sut);
    expect(parsed.requestType).toBe(requestType);
    expect(parsed.binarySecurityToken).toMatchObject({ kind: requestType === 'Issue' ? 'pkcs10' : 'pkcs7', base64: CAPTURED_CSR });
    expect(parsed.credentials).toEqual({ username: 'u', password: 'p&' });
    expect(parsed.context.MAC).toEqual(['00-11-22-33-44-55', '66-77-88-99-AA-BB']);
    expect(parsed.context.DeviceName).toEqual(['PC-<&>"01']);
    expect(Object.keys(parsed.context)).toHaveLength(16);
  });
});

describe(renderRstr.name, () => {
  it('carries the provisioning document, base64 in the BinarySecurityToken, read back by the client parser', () => {
    const doc = '<wap-provisioningdoc version="1.1"><characteristic type="A&amp;B"/></wap-provisioningdoc>';
    const sut = renderRstr({ version: '1.2', relatesTo: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749', provisioningDoc: doc, requestId: 'req-<1>' });
    wellFormed(sut);
    expect(sut).toContain('ValueType="http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentProvisionDoc"');
    expect(sut).toContain('<TokenType>http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentToken</TokenType>');
    expect(sut).toContain('<RequestID xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">req-&lt;1&gt;</RequestID>');
    expect(parseRstr(sut)).toEqual({ relatesTo: 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749', provisioningDoc: doc });
  });
});
