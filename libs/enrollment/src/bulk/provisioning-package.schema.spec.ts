import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { ProvisioningPackageInput, validateProvisioningPackage } from './provisioning-package.schema';

const TOKEN_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Contoso laptops', deviceNameTemplate: 'CONTOSO-%SERIAL%', bulkTokenId: TOKEN_ID, ...overrides };
}

function wifi(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'correct horse', ...overrides };
}

function apps(count: number) {
  return Array.from({ length: count }, (_, index) => ({ name: `App ${index}`, installer: `C:\\apps\\${index}.msi`, commandLine: 'msiexec /i app.msi /qn' }));
}

function failureOf(input: unknown): EnrollmentError {
  let failure: unknown;
  try {
    validateProvisioningPackage(input);
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(EnrollmentError);
  expect((failure as EnrollmentError).permanent).toBe(true);
  return failure as EnrollmentError;
}

describe(validateProvisioningPackage.name, () => {
  it('keeps every field of a full package', () => {
    const input = body({
      productKey: 'ABCDE-12345-FGHIJ-67890-KLMNO',
      sharedUse: true,
      removePreinstalledSoftware: false,
      hideOobe: true,
      wifi: wifi({ autoConnect: true, hidden: false }),
      apps: apps(1),
      certificates: [{ name: 'Contoso Root', path: 'C:\\certs\\root.cer', store: 'root' }],
    });

    const sut = validateProvisioningPackage(input);

    expect(sut).toEqual(input);
  });

  it.each<{ name: string; input: Record<string, unknown>; expected: Partial<ProvisioningPackageInput> }>([
    { name: 'a minimal package', input: body(), expected: body() },
    {
      name: 'a lower-case product key, upper-cased',
      input: body({ productKey: 'abcde-12345-fghij-67890-klmno' }),
      expected: { productKey: 'ABCDE-12345-FGHIJ-67890-KLMNO' },
    },
    { name: 'an upper-case bulk token id, lower-cased', input: body({ bulkTokenId: TOKEN_ID.toUpperCase() }), expected: { bulkTokenId: TOKEN_ID } },
    {
      name: 'an MDM enrollment service account, lower-cased',
      input: body({ mdmEnrollment: { userPrincipalName: 'Enroll@Contoso.com' } }),
      expected: { mdmEnrollment: { userPrincipalName: 'enroll@contoso.com' } },
    },
    {
      name: 'a certificate without a store, put in root',
      input: body({ certificates: [{ name: 'Root', path: 'root.cer' }] }),
      expected: { certificates: [{ name: 'Root', path: 'root.cer', store: 'root' }] },
    },
    {
      name: 'a CA certificate',
      input: body({ certificates: [{ name: 'Issuing', path: 'ca.cer', store: 'ca' }] }),
      expected: { certificates: [{ name: 'Issuing', path: 'ca.cer', store: 'ca' }] },
    },
    { name: 'a name of 64 characters', input: body({ name: 'n'.repeat(64) }), expected: { name: 'n'.repeat(64) } },
    { name: 'an SSID of 32 ASCII bytes', input: body({ wifi: wifi({ ssid: 's'.repeat(32) }) }), expected: { wifi: wifi({ ssid: 's'.repeat(32) }) } },
    {
      name: 'an SSID of 32 UTF-8 bytes in 16 characters',
      input: body({ wifi: wifi({ ssid: 'é'.repeat(16) }) }),
      expected: { wifi: wifi({ ssid: 'é'.repeat(16) }) },
    },
    { name: 'an SSID with XML-special characters', input: body({ wifi: wifi({ ssid: `<&"'>` }) }), expected: { wifi: wifi({ ssid: `<&"'>` }) } },
    { name: 'a WPA2 key of 8 characters', input: body({ wifi: wifi({ key: 'k'.repeat(8) }) }), expected: { wifi: wifi({ key: 'k'.repeat(8) }) } },
    { name: 'a WPA2 key of 63 characters', input: body({ wifi: wifi({ key: 'k'.repeat(63) }) }), expected: { wifi: wifi({ key: 'k'.repeat(63) }) } },
    {
      name: 'an open network without a key',
      input: body({ wifi: { ssid: 'Guest', networkType: 'open' } }),
      expected: { wifi: { ssid: 'Guest', networkType: 'open' } },
    },
    {
      name: 'a certificate network for the device',
      input: body({ wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device' } }),
      expected: { wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device' } },
    },
    { name: 'no apps', input: body({ apps: [] }), expected: { apps: [] } },
    { name: '50 apps', input: body({ apps: apps(50) }), expected: { apps: apps(50) } },
    { name: 'characters outside the BMP', input: body({ name: 'Laptops 💻' }), expected: { name: 'Laptops 💻' } },
  ])('accepts $name', ({ input, expected }) => {
    const sut = validateProvisioningPackage(input);

    expect(sut).toMatchObject(expected);
  });

  describe('shape', () => {
    it.each<{ name: string; input: unknown; message: RegExp }>([
      { name: 'no body', input: undefined, message: /^body: / },
      { name: 'a body that is an array', input: [], message: /^body: / },
      { name: 'a missing name', input: body({ name: undefined }), message: /^name: / },
      { name: 'an empty name', input: body({ name: '' }), message: /^name: is required/ },
      { name: 'a name of 65 characters', input: body({ name: 'n'.repeat(65) }), message: /^name: must be at most 64/ },
      { name: 'a name that is not a string', input: body({ name: 42 }), message: /^name: / },
      { name: 'a missing template', input: body({ deviceNameTemplate: undefined }), message: /^deviceNameTemplate: / },
      { name: 'a misspelt field', input: body({ sharedUSe: true }), message: /^sharedUSe: is not a known field/ },
      { name: 'a misspelt Wi-Fi field', input: body({ wifi: wifi({ autoconnect: true }) }), message: /^wifi\.autoconnect: is not a known field/ },
      { name: 'a misspelt app field', input: body({ apps: [{ ...apps(1)[0], args: '/q' }] }), message: /^apps\.0\.args: is not a known field/ },
      {
        name: 'a misspelt certificate field',
        input: body({ certificates: [{ name: 'R', path: 'r.cer', stor: 'ca' }] }),
        message: /^certificates\.0\.stor: is not a known field/,
      },
      { name: 'a product key of four groups', input: body({ productKey: 'ABCDE-12345-FGHIJ-67890' }), message: /^productKey: must look like XXXXX/ },
      { name: 'a product key with an underscore', input: body({ productKey: 'ABCDE-12345-FGHIJ-67890-KLMN_' }), message: /^productKey: / },
      { name: 'a product key without hyphens', input: body({ productKey: 'ABCDE12345FGHIJ67890KLMNO' }), message: /^productKey: / },
      { name: 'sharedUse as a string', input: body({ sharedUse: 'true' }), message: /^sharedUse: / },
      { name: 'removePreinstalledSoftware as a number', input: body({ removePreinstalledSoftware: 1 }), message: /^removePreinstalledSoftware: / },
      { name: 'hideOobe as null', input: body({ hideOobe: null }), message: /^hideOobe: / },
      { name: 'an empty SSID', input: body({ wifi: wifi({ ssid: '' }) }), message: /^wifi\.ssid: must be 1-32 bytes/ },
      { name: 'an SSID of 33 bytes', input: body({ wifi: wifi({ ssid: 's'.repeat(33) }) }), message: /^wifi\.ssid: must be 1-32 bytes/ },
      { name: 'an SSID of 17 characters but 34 bytes', input: body({ wifi: wifi({ ssid: 'é'.repeat(17) }) }), message: /^wifi\.ssid: must be 1-32 bytes/ },
      { name: 'an unknown network type', input: body({ wifi: wifi({ networkType: 'wep' }) }), message: /^wifi\.networkType: / },
      {
        name: 'an unknown certificate target',
        input: body({ wifi: wifi({ networkType: 'certificate', key: undefined, certificateTarget: 'machine' }) }),
        message: /^wifi\.certificateTarget: /,
      },
      { name: 'autoConnect as a string', input: body({ wifi: wifi({ autoConnect: 'yes' }) }), message: /^wifi\.autoConnect: / },
      { name: 'hidden as a string', input: body({ wifi: wifi({ hidden: 'no' }) }), message: /^wifi\.hidden: / },
      { name: '51 apps', input: body({ apps: apps(51) }), message: /^apps: must have at most 50 items/ },
      { name: 'an app without a name', input: body({ apps: [{ installer: 'a.msi', commandLine: 'a.msi' }] }), message: /^apps\.0\.name: / },
      { name: 'an empty installer', input: body({ apps: [{ ...apps(1)[0], installer: '' }] }), message: /^apps\.0\.installer: is required/ },
      {
        name: 'an installer of 1025 characters',
        input: body({ apps: [{ ...apps(1)[0], installer: 'i'.repeat(1025) }] }),
        message: /^apps\.0\.installer: must be at most 1024/,
      },
      {
        name: 'a command line of 2049 characters',
        input: body({ apps: [{ ...apps(1)[0], commandLine: 'c'.repeat(2049) }] }),
        message: /^apps\.0\.commandLine: must be at most 2048/,
      },
      {
        name: 'two apps of the same name',
        input: body({ apps: [apps(1)[0], { ...apps(2)[1], name: 'APP 0' }] }),
        message: /^apps\.1\.name: repeats the name of item 0/,
      },
      { name: 'apps that are not an array', input: body({ apps: { name: 'x' } }), message: /^apps: / },
      {
        name: '51 certificates',
        input: body({ certificates: Array.from({ length: 51 }, (_, i) => ({ name: `C${i}`, path: 'c.cer' })) }),
        message: /^certificates: must have at most 50 items/,
      },
      { name: 'a certificate without a path', input: body({ certificates: [{ name: 'Root' }] }), message: /^certificates\.0\.path: / },
      {
        name: 'a certificate path of 1025 characters',
        input: body({ certificates: [{ name: 'Root', path: 'p'.repeat(1025) }] }),
        message: /^certificates\.0\.path: must be at most 1024/,
      },
      {
        name: 'an unknown certificate store',
        input: body({ certificates: [{ name: 'Root', path: 'r.cer', store: 'my' }] }),
        message: /^certificates\.0\.store: /,
      },
      {
        name: 'two certificates of the same name',
        input: body({
          certificates: [
            { name: 'Root', path: 'a.cer' },
            { name: 'Root', path: 'b.cer', store: 'ca' },
          ],
        }),
        message: /^certificates\.1\.name: repeats the name of item 0/,
      },
      // WCD sets a package's password when it builds the .ppkg; nothing here could make it protect one.
      { name: 'a password', input: body({ password: 'package-secret' }), message: /^password: .*\/Build-ProvisioningPackage .*\+Encrypted/ },
      { name: 'a password of 7 characters', input: body({ password: 'p'.repeat(7) }), message: /^password: .*\+Encrypted/ },
      { name: 'an empty password', input: body({ password: '' }), message: /^password: .*\+Encrypted/ },
      { name: 'a missing bulk token id', input: body({ bulkTokenId: undefined }), message: /^bulkTokenId: / },
      {
        name: 'an MDM enrollment account that is not a UPN',
        input: body({ mdmEnrollment: { userPrincipalName: 'enroll' } }),
        message: /^mdmEnrollment\.userPrincipalName: must be a user principal name/,
      },
      { name: 'an MDM enrollment without an account', input: body({ mdmEnrollment: {} }), message: /^mdmEnrollment\.userPrincipalName: / },
      {
        name: 'an MDM enrollment with an unknown field',
        input: body({ mdmEnrollment: { userPrincipalName: 'enroll@contoso.com', secret: 'x' } }),
        message: /^mdmEnrollment/,
      },
      { name: 'a bulk token id that is not a UUID', input: body({ bulkTokenId: 'token-1' }), message: /^bulkTokenId: must be a UUID/ },
    ])('refuses $name', ({ input, message }) => {
      const failure = failureOf(input);

      expect(failure.code).toBe(ErrorCode.ValidationFailed);
      expect(failure.message).toMatch(message);
    });

    it('names every bad field at once', () => {
      const failure = failureOf(body({ name: '', wifi: wifi({ ssid: '' }), typo: 1 }));

      expect(failure.message.split('; ').map((detail) => detail.split(':')[0])).toEqual(expect.arrayContaining(['name', 'wifi.ssid', 'typo']));
    });
  });

  describe('characters customizations.xml cannot carry', () => {
    it.each<{ name: string; input: Record<string, unknown>; path: string }>([
      { name: 'a NUL in the name', input: body({ name: 'Lap\u0000tops' }), path: 'name' },
      { name: 'a line break in the template', input: body({ deviceNameTemplate: 'PC-%SERIAL%\n' }), path: 'deviceNameTemplate' },
      { name: 'a bell in the SSID', input: body({ wifi: wifi({ ssid: 'Cont\u0007oso' }) }), path: 'wifi.ssid' },
      { name: 'an escape in the Wi-Fi key', input: body({ wifi: wifi({ key: 'correct\u001bhorse' }) }), path: 'wifi.key' },
      { name: 'a DEL in an app name', input: body({ apps: [{ ...apps(1)[0], name: 'App\u007f' }] }), path: 'apps.0.name' },
      { name: 'a C1 control in an installer', input: body({ apps: [{ ...apps(1)[0], installer: 'a\u0085.msi' }] }), path: 'apps.0.installer' },
      { name: 'a carriage return in a command line', input: body({ apps: [{ ...apps(1)[0], commandLine: 'setup.exe\r' }] }), path: 'apps.0.commandLine' },
      { name: 'a lone surrogate in a certificate name', input: body({ certificates: [{ name: 'Root\ud800', path: 'r.cer' }] }), path: 'certificates.0.name' },
      { name: 'U+FFFE in a certificate path', input: body({ certificates: [{ name: 'Root', path: 'r\ufffe.cer' }] }), path: 'certificates.0.path' },
      { name: 'U+FFFF in the name', input: body({ name: 'Laptops\uffff' }), path: 'name' },
    ])('refuses $name', ({ input, path }) => {
      const failure = failureOf(input);

      expect(failure.code).toBe(ErrorCode.ValidationFailed);
      expect(failure.message).toContain(`${path}: must not contain control characters`);
    });
  });

  describe('device name template', () => {
    it.each<{ template: string; message: RegExp }>([
      { template: '', message: /is empty/ },
      { template: 'CONTOSO', message: /no %SERIAL% or %RAND:N% macro/ },
      { template: 'LAB_%SERIAL%', message: /"_"/ },
      { template: 'lab-%serial%', message: /"%"/ },
      { template: 'LAB-%RAND:16%', message: /from 1 to 15/ },
      { template: 'CONTOSO-LAPTOP-%SERIAL%', message: /at least 16 characters/ },
      { template: '%RAND:6%', message: /only give names made of digits/ },
    ])('refuses "$template"', ({ template, message }) => {
      const failure = failureOf(body({ deviceNameTemplate: template }));

      expect(failure.code).toBe(ErrorCode.NameTemplateInvalid);
      expect(failure.message).toMatch(message);
    });

    it('reports shape errors before template errors', () => {
      expect(failureOf(body({ deviceNameTemplate: 'CONTOSO', typo: true })).code).toBe(ErrorCode.ValidationFailed);
    });

    it('reports template errors before Wi-Fi errors', () => {
      const input = body({ deviceNameTemplate: 'CONTOSO', wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'user' } });

      expect(failureOf(input).code).toBe(ErrorCode.NameTemplateInvalid);
    });
  });

  describe('Wi-Fi', () => {
    it.each<{ name: string; settings: Record<string, unknown>; message: RegExp }>([
      {
        name: 'an open network with a key',
        settings: { ssid: 'Guest', networkType: 'open', key: 'secret-key' },
        message: /^wifi\.key: an open network has no key/,
      },
      {
        name: 'an open network with an empty key',
        settings: { ssid: 'Guest', networkType: 'open', key: '' },
        message: /^wifi\.key: an open network has no key/,
      },
      { name: 'a WPA2 network without a key', settings: { ssid: 'Corp', networkType: 'wpa2-personal' }, message: /^wifi\.key: .*key of 8-63 characters/ },
      { name: 'a WPA2 key of 7 characters', settings: wifi({ key: 'k'.repeat(7) }), message: /^wifi\.key: .*8-63/ },
      { name: 'a WPA2 key of 64 characters', settings: wifi({ key: 'k'.repeat(64) }), message: /^wifi\.key: .*8-63/ },
      {
        name: 'a certificate network without a target',
        settings: { ssid: 'Corp', networkType: 'certificate' },
        message: /^wifi\.certificateTarget: .*'device'/,
      },
      {
        name: 'a certificate network with a key',
        settings: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device', key: 'secret-key' },
        message: /^wifi\.key: a certificate network/,
      },
      {
        name: 'a certificate target on a WPA2 network',
        settings: wifi({ certificateTarget: 'device' }),
        message: /^wifi\.certificateTarget: applies only to certificate networks/,
      },
      {
        name: 'a user certificate target on an open network',
        settings: { ssid: 'Guest', networkType: 'open', certificateTarget: 'user' },
        message: /^wifi\.certificateTarget: applies only/,
      },
    ])('refuses $name', ({ settings, message }) => {
      const failure = failureOf(body({ wifi: settings }));

      expect(failure.code).toBe(ErrorCode.ValidationFailed);
      expect(failure.message).toMatch(message);
    });

    it('refuses user certificates on a certificate network, pointing to device certificates', () => {
      const failure = failureOf(body({ wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'user' } }));

      expect(failure.code).toBe(ErrorCode.WifiUserCertificateUnsupported);
      expect(failure.message).toMatch(/bulk-enrolled devices .* cannot use one for Wi-Fi; use device certificates/);
    });
  });
});
