import { policyCommand, rebootCommand, unenrollCommand } from './command-specs';

describe(rebootCommand.name, () => {
  it("is the Reboot CSP's RebootNow, an Exec with Format null and no data", () => {
    expect(rebootCommand()).toEqual({ verb: 'Exec', target: './Device/Vendor/MSFT/Reboot/RebootNow', format: 'null', type: 'text/plain', data: '' });
  });
});

describe(policyCommand.name, () => {
  it.each([
    ['a number', 0, undefined, '0', 'int'],
    ['a string of digits', '42', undefined, '42', 'int'],
    ['a boolean', true, undefined, 'true', 'bool'],
    ['text', '<enabled/>', undefined, '<enabled/>', 'chr'],
    ['digits the admin says are text', '0042', 'chr' as const, '0042', 'chr'],
  ])('replaces the Policy CSP node with %s as %s', (_, value, format, data, expected) => {
    expect(policyCommand({ area: 'Camera', policy: 'AllowCamera', value, format })).toEqual({
      verb: 'Replace',
      target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera',
      data,
      format: expected,
    });
  });
});

describe(unenrollCommand.name, () => {
  it("is the DMClient CSP's Unenroll of the provider, with the provider id as chr data", () => {
    expect(unenrollCommand('EnrollmentOrchestrator')).toEqual({
      verb: 'Exec',
      target: './Vendor/MSFT/DMClient/Provider/EnrollmentOrchestrator/Unenroll',
      data: 'EnrollmentOrchestrator',
      format: 'chr',
    });
  });
});
