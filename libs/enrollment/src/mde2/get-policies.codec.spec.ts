import { GET_POLICIES_ACTION, SHA256_OID } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import { parseGetPoliciesRequest, parseGetPoliciesResponse, renderGetPoliciesRequest, renderGetPoliciesResponse } from './get-policies.codec';
import { fixture, wellFormed } from './testing/fixture';

describe(parseGetPoliciesRequest.name, () => {
  it.each([
    [
      'spec-get-policies.xml',
      { username: 'user@contoso.com', password: 'mypassword' },
      'https://enrolltest.contoso.com/ENROLLMENTSERVER/DEVICEENROLLMENTWEBSERVICE.SVC',
    ],
    ['win10-get-policies.xml', { username: 'demo@pocmdmserver.com', password: 'demo' }, 'https://pocmdmserver.com/EnrollmentServer/Policy.svc'],
  ])('reads %s', (file, credentials, to) => {
    expect(parseGetPoliciesRequest(fixture(file))).toEqual({
      header: { version: '1.2', action: GET_POLICIES_ACTION, messageId: 'urn:uuid:72048B64-0F19-448F-8C2E-B4C661860AA0', to },
      credentials,
    });
  });

  it('refuses an RST sent to the policy service', () => {
    expect(() => parseGetPoliciesRequest(fixture('win10-rst.xml'))).toThrow(Mde2FormatError);
  });

  it('never puts the password in its error', () => {
    const xml = fixture('win10-get-policies.xml').replace('<wsse:Username>demo@pocmdmserver.com</wsse:Username>', '').replace('>demo<', '>s3cret-Pa55<');
    expect(() => parseGetPoliciesRequest(xml)).toThrow(Mde2FormatError);
    expect(() => parseGetPoliciesRequest(xml)).not.toThrow(/s3cret/);
  });
});

describe(renderGetPoliciesResponse.name, () => {
  const input = {
    version: '1.2' as const,
    relatesTo: 'urn:uuid:72048B64-0F19-448F-8C2E-B4C661860AA0',
    validityPeriodSeconds: 31536000,
    renewalPeriodSeconds: 3888000,
    minimalKeyLength: 2048,
  };

  it('is read back by the client parser: key length, SHA-256 and periods', () => {
    const sut = renderGetPoliciesResponse(input);
    wellFormed(sut);
    expect(parseGetPoliciesResponse(sut)).toEqual({
      relatesTo: input.relatesTo,
      minimalKeyLength: 2048,
      hashAlgorithmOid: SHA256_OID,
      validityPeriodSeconds: 31536000,
      renewalPeriodSeconds: 3888000,
    });
  });

  it.each([
    '<policySchema>3</policySchema>',
    '<keySpec xsi:nil="true"/>',
    '<cryptoProviders xsi:nil="true"/>',
    '<extensions xsi:nil="true"/>',
    '<policiesNotChanged xsi:nil="true"/>',
  ])('holds %s', (fragment) => {
    expect(renderGetPoliciesResponse(input)).toContain(fragment);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p as a period', (value) => {
    expect(() => renderGetPoliciesResponse({ ...input, validityPeriodSeconds: value })).toThrow(RangeError);
  });
});

describe(renderGetPoliciesRequest.name, () => {
  it('is read back by the server parser, credentials escaped', () => {
    const credentials = { username: 'user@example.com', password: 'p<&>"\'w' };
    const sut = renderGetPoliciesRequest({ messageId: 'urn:uuid:1', to: 'https://mdm.example/EnrollmentServer/Policy.svc', credentials });
    wellFormed(sut);
    expect(parseGetPoliciesRequest(sut).credentials).toEqual(credentials);
  });
});
