import { DISCOVER_ACTION, DISCOVER_RESPONSE_ACTION } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import { parseDiscoverRequest, parseDiscoverResponse, renderDiscoverRequest, renderDiscoverResponse } from './discover.codec';
import { fixture, wellFormed } from './testing/fixture';

describe(parseDiscoverRequest.name, () => {
  it.each([
    {
      file: 'spec-discover.xml',
      header: {
        version: '1.2',
        action: DISCOVER_ACTION,
        messageId: 'urn:uuid: 748132ec-a575-4329-b01b-6171a9cf8478',
        to: 'https://ENROLLTEST.CONTOSO.COM/EnrollmentServer/Discovery.svc',
      },
      emailAddress: 'user@contoso.com',
      requestVersion: '3.0',
      deviceType: 'WindowsPhone',
      applicationVersion: '10.0.0.0',
      osEdition: '3',
      authPolicies: ['OnPremise'],
    },
    {
      file: 'win10-discover.xml',
      header: {
        version: '1.2',
        action: DISCOVER_ACTION,
        messageId: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
        to: 'https://EnterpriseEnrollment.pocmdmserver.com:443/EnrollmentServer/Discovery.svc',
      },
      emailAddress: 'demo@pocmdmserver.com',
      requestVersion: '4.0',
      deviceType: 'CIMClient_Windows',
      applicationVersion: '10.0.19043.2364',
      osEdition: '72',
      authPolicies: ['OnPremise', 'Federated'],
    },
  ])('reads $file, trimming the line breaks inside Action and To', ({ file, ...expected }) => {
    expect(parseDiscoverRequest(fixture(file))).toEqual(expected);
  });

  it('reads a SOAP 1.1 envelope and says so', () => {
    const xml = fixture('win10-discover.xml').replace('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/');
    expect(parseDiscoverRequest(xml).header.version).toBe('1.1');
  });

  it('ignores the prefixes the client chose', () => {
    const xml = fixture('win10-discover.xml')
      .replace(/\bs:/g, 'soap:')
      .replace('xmlns:s=', 'xmlns:soap=')
      .replace(/\ba:/g, 'wsa:')
      .replace('xmlns:a=', 'xmlns:wsa=');
    expect(parseDiscoverRequest(xml).emailAddress).toBe('demo@pocmdmserver.com');
  });

  it.each([
    ['a GetPolicies body', fixture('win10-get-policies.xml')],
    ['Discover in another namespace', fixture('win10-discover.xml').replace('2012/01/enrollment"', '2012/01/other"')],
    ['no request element', fixture('win10-discover.xml').replace(/<request[\s\S]*<\/request>/, '')],
    ['no Body', fixture('win10-discover.xml').replace(/<s:Body>[\s\S]*<\/s:Body>/, '')],
  ])('refuses %s', (_, xml) => {
    const error = captureError(() => parseDiscoverRequest(xml));
    expect(error).toBeInstanceOf(Mde2FormatError);
  });

  it('keeps the MessageID it read for the fault', () => {
    const error = captureError(() => parseDiscoverRequest(fixture('win10-get-policies.xml')));
    expect(error).toMatchObject({ version: '1.2', messageId: 'urn:uuid:72048B64-0F19-448F-8C2E-B4C661860AA0' });
  });
});

describe(renderDiscoverResponse.name, () => {
  const input = {
    version: '1.2' as const,
    relatesTo: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
    authPolicy: 'OnPremise' as const,
    enrollmentVersion: '4.0',
    enrollmentPolicyServiceUrl: 'https://mdm.example/EnrollmentServer/Policy.svc?a=1&b="2"<',
    enrollmentServiceUrl: "https://mdm.example/EnrollmentServer/Enrollment.svc?x='y'&z",
  };

  it('is read back by the client parser, every value escaped', () => {
    const sut = renderDiscoverResponse(input);
    wellFormed(sut);
    expect(parseDiscoverResponse(sut)).toEqual({
      relatesTo: input.relatesTo,
      authPolicy: 'OnPremise',
      enrollmentVersion: '4.0',
      enrollmentPolicyServiceUrl: input.enrollmentPolicyServiceUrl,
      enrollmentServiceUrl: input.enrollmentServiceUrl,
    });
  });

  it('uses the s:/a: prefixes, a mustUnderstand Action and RelatesTo', () => {
    const sut = renderDiscoverResponse({ ...input, activityId: 'd9eb2fdd-e38a-46ee-bd93-aea9dc86a3b8' });
    expect(sut).toContain(`<a:Action s:mustUnderstand="1">${DISCOVER_RESPONSE_ACTION}</a:Action>`);
    expect(sut).toContain(`<a:RelatesTo>${input.relatesTo}</a:RelatesTo>`);
    expect(sut).toContain('d9eb2fdd-e38a-46ee-bd93-aea9dc86a3b8</ActivityId>');
  });

  it('answers a SOAP 1.1 request in SOAP 1.1', () => {
    expect(renderDiscoverResponse({ ...input, version: '1.1' })).toContain('xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"');
  });
});

describe(renderDiscoverRequest.name, () => {
  it('is read back by the server parser', () => {
    const sut = renderDiscoverRequest({
      messageId: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
      to: 'https://enterpriseenrollment.example/EnrollmentServer/Discovery.svc',
      emailAddress: "o'brien&co@example.com",
      requestVersion: '5.0',
      deviceType: 'CIMClient_Windows',
      applicationVersion: '10.0.22631.4460',
      osEdition: '48',
      authPolicies: ['OnPremise', 'Federated'],
    });
    wellFormed(sut);
    expect(parseDiscoverRequest(sut)).toEqual({
      header: {
        version: '1.2',
        action: DISCOVER_ACTION,
        messageId: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
        to: 'https://enterpriseenrollment.example/EnrollmentServer/Discovery.svc',
      },
      emailAddress: "o'brien&co@example.com",
      requestVersion: '5.0',
      deviceType: 'CIMClient_Windows',
      applicationVersion: '10.0.22631.4460',
      osEdition: '48',
      authPolicies: ['OnPremise', 'Federated'],
    });
  });
});

describe(parseDiscoverResponse.name, () => {
  it('refuses a response without service URLs', () => {
    const xml = renderDiscoverResponse({
      version: '1.2',
      authPolicy: 'OnPremise',
      enrollmentVersion: '4.0',
      enrollmentPolicyServiceUrl: '',
      enrollmentServiceUrl: '',
    });
    expect(() => parseDiscoverResponse(xml)).toThrow(Mde2FormatError);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
