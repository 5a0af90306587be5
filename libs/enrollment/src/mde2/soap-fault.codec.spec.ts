import { SOAP11_CONTENT_TYPE, SOAP12_CONTENT_TYPE } from './mde2.constants';
import { Mde2Fault } from './mde2.types';
import { parseSoapFault, renderSoapFault } from './soap-fault.codec';
import { renderDiscoverResponse } from './discover.codec';
import { wellFormed } from './testing/fixture';

describe(renderSoapFault.name, () => {
  const faults = Object.values(Mde2Fault);

  it.each(faults)('renders %s as a SOAP 1.2 Receiver fault (500) that parses back', (fault) => {
    const sut = renderSoapFault({ version: '1.2', relatesTo: 'urn:uuid:1', fault, reason: 'Nope & <no> "way"' });
    wellFormed(sut.body);
    expect(sut).toMatchObject({ status: 500, contentType: SOAP12_CONTENT_TYPE });
    expect(parseSoapFault(sut.body)).toEqual({ code: 'Receiver', subcode: fault, reason: 'Nope & <no> "way"', errorType: undefined });
  });

  it.each([
    [Mde2Fault.MessageFormat, 's:MessageFormat'],
    [Mde2Fault.Authorization, 's:Authorization'],
    [Mde2Fault.InternalServiceFault, 'a:InternalServiceFault'],
    [Mde2Fault.InvalidSecurity, 'a:InvalidSecurity'],
  ])('puts %s in the namespace MS-MDE2 names (%s)', (fault, value) => {
    const sut = renderSoapFault({ version: '1.2', fault, reason: 'r' });
    expect(sut.body).toContain(`<s:Subcode><s:Value>${value}</s:Value></s:Subcode>`);
    expect(sut.body).toContain('<s:Text xml:lang="en-US">r</s:Text>');
  });

  it('answers 400 for a Sender fault', () => {
    const sut = renderSoapFault({ version: '1.2', code: 'Sender', fault: Mde2Fault.MessageFormat, reason: 'bad' });
    expect(sut.status).toBe(400);
    expect(parseSoapFault(sut.body)?.code).toBe('Sender');
  });

  it('adds DeviceEnrollmentServiceError when an error type is given', () => {
    const sut = renderSoapFault({
      version: '1.2',
      fault: Mde2Fault.Authorization,
      reason: 'Device cap reached',
      errorType: 'DeviceCapReached',
      traceId: 'req-1',
    });
    expect(sut.body).toContain(
      '<s:Detail><DeviceEnrollmentServiceError xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment"><ErrorType>DeviceCapReached</ErrorType><Message>Device cap reached</Message><TraceId>req-1</TraceId>',
    );
    expect(parseSoapFault(sut.body)).toEqual({ code: 'Receiver', subcode: 'Authorization', reason: 'Device cap reached', errorType: 'DeviceCapReached' });
  });

  it.each(faults)('renders %s as a SOAP 1.1 fault (500, text/xml) that parses back', (fault) => {
    const sut = renderSoapFault({ version: '1.1', fault, reason: 'r', errorType: 'NotSupported' });
    wellFormed(sut.body);
    expect(sut).toMatchObject({ status: 500, contentType: SOAP11_CONTENT_TYPE });
    expect(sut.body).toContain('xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(parseSoapFault(sut.body)).toEqual({ code: 'Server', subcode: fault, reason: 'r', errorType: 'NotSupported' });
  });
});

describe(parseSoapFault.name, () => {
  it('reads the fault Intune sent in a published capture', () => {
    const xml = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Body><s:Fault>
      <s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>s:Authorization</s:Value></s:Subcode></s:Code>
      <s:Reason><s:Text xml:lang="en-US">Device Identifier not preregistered</s:Text></s:Reason>
      <s:Detail><DeviceEnrollmentServiceError xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">
        <ErrorType>DeviceNotSupported</ErrorType><Message>Device Identifier not preregistered</Message><TraceId>c12da796-484e-4a6f-acf2-db07987023e6</TraceId>
      </DeviceEnrollmentServiceError></s:Detail></s:Fault></s:Body></s:Envelope>`;
    expect(parseSoapFault(xml)).toEqual({
      code: 'Receiver',
      subcode: 'Authorization',
      reason: 'Device Identifier not preregistered',
      errorType: 'DeviceNotSupported',
    });
  });

  it('returns undefined for a response that is not a fault', () => {
    const xml = renderDiscoverResponse({
      version: '1.2',
      authPolicy: 'OnPremise',
      enrollmentVersion: '4.0',
      enrollmentPolicyServiceUrl: 'https://a',
      enrollmentServiceUrl: 'https://b',
    });
    expect(parseSoapFault(xml)).toBeUndefined();
  });
});
