import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ErrorCode } from '../errors/error-code';
import { CustomizationsOptions, CustomizationsPackage, renderCustomizationsXml } from './customizations-xml';
import { failureOf } from '../testing/spec-helpers';

type Node = Record<string, unknown>;

const PACKAGE_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OPTIONS: CustomizationsOptions = {
  bulkToken: 'eobt_token-value',
  entraAuthority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com',
  publicUrl: 'https://enroll.contoso.test',
};
// parseTagValue off so that 'True' and '0123' come back as the strings that were written.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false });

function pkg(overrides: Partial<CustomizationsPackage> = {}): CustomizationsPackage {
  return { id: PACKAGE_ID, name: 'Contoso laptops', deviceNameTemplate: 'CONTOSO-%SERIAL%', ...overrides };
}

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Node;
}

/** The document without the indentation between elements, so subtrees compare with toEqual. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '#text')
      .map(([key, child]) => [key, strip(child)]),
  );
}

function document(overrides: Partial<CustomizationsPackage> = {}, options = OPTIONS): Node {
  return strip(parse(renderCustomizationsXml(pkg(overrides), options))) as Node;
}

function common(overrides: Partial<CustomizationsPackage> = {}, options = OPTIONS): Node {
  return (document(overrides, options) as any).WindowsCustomizations.Settings.Customizations.Common as Node;
}

function withoutAccounts(node: Node): Node {
  const { Accounts, ...rest } = node;
  expect(Accounts).toBeDefined();
  return rest;
}

describe(renderCustomizationsXml.name, () => {
  describe('a minimal package', () => {
    it('starts with the XML declaration', () => {
      const xml = renderCustomizationsXml(pkg(), OPTIONS);

      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<WindowsCustomizations>')).toBe(true);
    });

    it('describes the package in PackageConfig', () => {
      const sut = document() as any;

      expect(Object.keys(sut)).toEqual(['?xml', 'WindowsCustomizations']);
      expect(Object.keys(sut.WindowsCustomizations)).toEqual(['PackageConfig', 'Settings']);
      expect(sut.WindowsCustomizations.PackageConfig).toEqual({
        '@_xmlns': 'urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0',
        ID: '{3F2504E0-4F89-41D3-9A0C-0305E82C3301}',
        Name: 'Contoso laptops',
        Version: '1.0',
        OwnerType: 'ITAdmin',
        Rank: '0',
      });
    });

    it('has only Accounts, with the Azure bulk token and the computer name', () => {
      const sut = document() as any;

      expect(sut.WindowsCustomizations.Settings).toEqual({
        '@_xmlns': 'urn:schemas-microsoft-com:windows-provisioning',
        Customizations: {
          Common: {
            Accounts: {
              Azure: { Authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com', BPRT: 'eobt_token-value' },
              ComputerAccount: { ComputerName: 'CONTOSO-%SERIAL%' },
            },
          },
        },
      });
    });
  });

  describe('a package that enrolls into this service', () => {
    const mdm = { mdmEnrollment: { userPrincipalName: 'enroll@contoso.com' } };

    it('has Workplace/Enrollments for its UPN, pointing at the enrollment server, with the bulk token as secret', () => {
      const sut = common(mdm);

      expect(sut.Workplace).toEqual({
        Enrollments: {
          UPN: {
            '@_UPN': 'enroll@contoso.com',
            '@_Name': 'enroll@contoso.com',
            AuthPolicy: 'OnPremise',
            DiscoveryServiceFullUrl: 'https://enroll.contoso.test/EnrollmentServer/Discovery.svc',
            EnrollmentServiceFullUrl: 'https://enroll.contoso.test/EnrollmentServer/Enrollment.svc',
            PolicyServiceFullUrl: 'https://enroll.contoso.test/EnrollmentServer/Policy.svc',
            Secret: 'eobt_token-value',
          },
        },
      });
    });

    it('writes the enrollment settings in alphabetical order, as WCD does', () => {
      const xml = renderCustomizationsXml(pkg(mdm), OPTIONS);
      const order = ['AuthPolicy', 'DiscoveryServiceFullUrl', 'EnrollmentServiceFullUrl', 'PolicyServiceFullUrl', 'Secret'].map((name) =>
        xml.indexOf(`<${name}>`),
      );

      expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    });

    it('does not join Entra ID, and keeps the computer name and the other settings', () => {
      const sut = common({ ...mdm, hideOobe: true, sharedUse: false });

      expect(sut.Accounts).toEqual({ ComputerAccount: { ComputerName: 'CONTOSO-%SERIAL%' } });
      expect(Object.keys(sut)).toEqual(['Accounts', 'OOBE', 'SharedPC', 'Workplace']);
      expect(renderCustomizationsXml(pkg(mdm), OPTIONS)).not.toContain('login.microsoftonline.com');
    });

    it('joins one trailing slash of the public URL only once', () => {
      const sut = common(mdm, { ...OPTIONS, publicUrl: 'https://enroll.contoso.test/' }) as any;

      expect(sut.Workplace.Enrollments.UPN.DiscoveryServiceFullUrl).toBe('https://enroll.contoso.test/EnrollmentServer/Discovery.svc');
    });
  });

  it('never writes Workplace for a package that joins Entra ID', () => {
    expect(common().Workplace).toBeUndefined();
  });

  it.each<{ name: string; id: string; expected: string }>([
    { name: 'a lower-case id', id: PACKAGE_ID, expected: '{3F2504E0-4F89-41D3-9A0C-0305E82C3301}' },
    { name: 'an upper-case id', id: PACKAGE_ID.toUpperCase(), expected: '{3F2504E0-4F89-41D3-9A0C-0305E82C3301}' },
    { name: 'an id in braces', id: `{${PACKAGE_ID}}`, expected: '{3F2504E0-4F89-41D3-9A0C-0305E82C3301}' },
  ])('writes $name as an upper-case GUID in braces', ({ id, expected }) => {
    expect((document({ id }) as any).WindowsCustomizations.PackageConfig.ID).toBe(expected);
  });

  it('writes the package version when it has one', () => {
    expect((document({ version: '2.3' }) as any).WindowsCustomizations.PackageConfig.Version).toBe('2.3');
  });

  it('refuses a package id that is not a GUID', () => {
    expect(failureOf(() => renderCustomizationsXml(pkg({ id: 'package-1' }), OPTIONS)).code).toBe(ErrorCode.Internal);
  });

  describe('wizard options', () => {
    it.each<{ name: string; options: Partial<CustomizationsPackage>; expected: Node }>([
      { name: 'removePreinstalledSoftware: true', options: { removePreinstalledSoftware: true }, expected: { CleanPC: { NoRetainUserData: 'True' } } },
      { name: 'removePreinstalledSoftware: false', options: { removePreinstalledSoftware: false }, expected: {} },
      {
        name: 'a product key',
        options: { productKey: 'ABCDE-12345-FGHIJ-67890-KLMNO' },
        expected: { EditionUpgrade: { UpgradeEditionWithProductKey: 'ABCDE-12345-FGHIJ-67890-KLMNO' } },
      },
      { name: 'hideOobe: true', options: { hideOobe: true }, expected: { OOBE: { Desktop: { HideOobe: 'True' } } } },
      { name: 'hideOobe: false', options: { hideOobe: false }, expected: { OOBE: { Desktop: { HideOobe: 'False' } } } },
      { name: 'sharedUse: true', options: { sharedUse: true }, expected: { SharedPC: { EnableSharedPCMode: 'True' } } },
      { name: 'sharedUse: false', options: { sharedUse: false }, expected: { SharedPC: { EnableSharedPCMode: 'False' } } },
      {
        name: 'a WPA2-Personal network',
        options: { wifi: { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'correct horse' } },
        expected: wlan('Contoso', { SecurityType: 'WPA2-Personal', SecurityKey: 'correct horse' }),
      },
      {
        name: 'a WPA2-Personal network that connects automatically and is hidden',
        options: { wifi: { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'correct horse', autoConnect: true, hidden: true } },
        expected: wlan('Contoso', { AutoConnect: 'True', HiddenNetwork: 'True', SecurityType: 'WPA2-Personal', SecurityKey: 'correct horse' }),
      },
      {
        name: 'a network that does not connect automatically and is not hidden',
        options: { wifi: { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'correct horse', autoConnect: false, hidden: false } },
        expected: wlan('Contoso', { AutoConnect: 'False', HiddenNetwork: 'False', SecurityType: 'WPA2-Personal', SecurityKey: 'correct horse' }),
      },
      { name: 'an open network', options: { wifi: { ssid: 'Guest', networkType: 'open' } }, expected: wlan('Guest', { SecurityType: 'Open' }) },
      {
        name: 'one app',
        options: { apps: [{ name: 'Agent', installer: 'C:\\apps\\agent.msi', commandLine: 'msiexec /i agent.msi /qn' }] },
        expected: {
          ProvisioningCommands: {
            PrimaryContext: { Command: { '@_Name': 'Agent', CommandFile: 'C:\\apps\\agent.msi', CommandLine: 'msiexec /i agent.msi /qn' } },
          },
        },
      },
      {
        name: 'two apps, in order',
        options: {
          apps: [
            { name: 'Agent', installer: 'agent.msi', commandLine: 'msiexec /i agent.msi /qn' },
            { name: 'Office', installer: 'https://cdn.contoso.test/setup.exe', commandLine: 'setup.exe /configure office.xml' },
          ],
        },
        expected: {
          ProvisioningCommands: {
            PrimaryContext: {
              Command: [
                { '@_Name': 'Agent', CommandFile: 'agent.msi', CommandLine: 'msiexec /i agent.msi /qn' },
                { '@_Name': 'Office', CommandFile: 'https://cdn.contoso.test/setup.exe', CommandLine: 'setup.exe /configure office.xml' },
              ],
            },
          },
        },
      },
      { name: 'an empty app list', options: { apps: [] }, expected: {} },
      {
        name: 'a root certificate',
        options: { certificates: [{ name: 'Contoso Root', path: 'C:\\certs\\root.cer', store: 'root' }] },
        expected: { Certificates: { RootCertificates: { RootCertificate: { '@_Name': 'Contoso Root', CertificatePath: 'C:\\certs\\root.cer' } } } },
      },
      {
        name: 'a CA certificate',
        options: { certificates: [{ name: 'Contoso Issuing', path: 'issuing.cer', store: 'ca' }] },
        expected: { Certificates: { CACertificates: { CACertificate: { '@_Name': 'Contoso Issuing', CertificatePath: 'issuing.cer' } } } },
      },
      {
        name: 'root and CA certificates, each in its own store',
        options: {
          certificates: [
            { name: 'Issuing', path: 'issuing.cer', store: 'ca' },
            { name: 'Root A', path: 'a.cer', store: 'root' },
            { name: 'Root B', path: 'b.cer', store: 'root' },
          ],
        },
        expected: {
          Certificates: {
            RootCertificates: {
              RootCertificate: [
                { '@_Name': 'Root A', CertificatePath: 'a.cer' },
                { '@_Name': 'Root B', CertificatePath: 'b.cer' },
              ],
            },
            CACertificates: { CACertificate: { '@_Name': 'Issuing', CertificatePath: 'issuing.cer' } },
          },
        },
      },
      { name: 'an empty certificate list', options: { certificates: [] }, expected: {} },
    ])('renders $name', ({ options, expected }) => {
      const sut = common(options);

      expect(withoutAccounts(sut)).toEqual(expected);
    });

    it('keeps the settings in WCD order when every option is chosen', () => {
      const sut = common({
        productKey: 'ABCDE-12345-FGHIJ-67890-KLMNO',
        sharedUse: true,
        removePreinstalledSoftware: true,
        hideOobe: true,
        wifi: { ssid: 'Contoso', networkType: 'open' },
        apps: [{ name: 'Agent', installer: 'agent.msi', commandLine: 'agent.msi' }],
        certificates: [{ name: 'Root', path: 'root.cer', store: 'root' }],
      });

      expect(Object.keys(sut)).toEqual([
        'Accounts',
        'Certificates',
        'CleanPC',
        'ConnectivityProfiles',
        'EditionUpgrade',
        'OOBE',
        'ProvisioningCommands',
        'SharedPC',
      ]);
    });
  });

  describe('Wi-Fi security key', () => {
    it.each<{ name: string; wifi: CustomizationsPackage['wifi'] }>([
      { name: 'an open network', wifi: { ssid: 'Guest', networkType: 'open' } },
      { name: 'an open network even when handed a key', wifi: { ssid: 'Guest', networkType: 'open', key: 'leaked-key' } },
    ])('is never written for $name', ({ wifi }) => {
      const xml = renderCustomizationsXml(pkg({ wifi }), OPTIONS);
      const settings = (common({ wifi }) as any).ConnectivityProfiles.WLAN.WLANSetting.WLANConfig.WLANXmlSettings;

      expect(settings.SecurityKey).toBeUndefined();
      expect(xml).not.toContain('leaked-key');
    });

    it('is never written for a certificate network, even when handed one', () => {
      const wifi: CustomizationsPackage['wifi'] = { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device', key: 'leaked-key' };
      expect(renderCustomizationsXml(pkg({ wifi }), OPTIONS)).not.toContain('leaked-key');
    });

    it('refuses a WPA2-Personal network without a key, which validation never lets through', () => {
      const failure = failureOf(() => renderCustomizationsXml(pkg({ wifi: { ssid: 'Corp', networkType: 'wpa2-personal' } }), OPTIONS));

      expect(failure.code).toBe(ErrorCode.Internal);
    });
  });

  describe('escaping', () => {
    const tricky = `A&B <"quoted"> 'x'`;

    it.each<{ name: string; overrides: Partial<CustomizationsPackage>; options?: CustomizationsOptions; read: (sut: any) => unknown; expected: string }>([
      { name: 'the package name', overrides: { name: tricky }, read: (sut) => sut.WindowsCustomizations.PackageConfig.Name, expected: tricky },
      {
        name: 'the bulk token',
        overrides: {},
        options: { ...OPTIONS, bulkToken: `eobt_<&"'>` },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.Accounts.Azure.BPRT,
        expected: `eobt_<&"'>`,
      },
      {
        name: 'the authority',
        overrides: {},
        options: { ...OPTIONS, entraAuthority: 'https://login.microsoftonline.com/?a=1&b="2"' },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.Accounts.Azure.Authority,
        expected: 'https://login.microsoftonline.com/?a=1&b="2"',
      },
      {
        name: 'the enrollment secret',
        overrides: { mdmEnrollment: { userPrincipalName: 'enroll@contoso.com' } },
        options: { ...OPTIONS, bulkToken: `eobt_<&"'>` },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.Workplace.Enrollments.UPN.Secret,
        expected: `eobt_<&"'>`,
      },
      {
        name: 'the SSID attribute',
        overrides: { wifi: { ssid: tricky, networkType: 'open' } },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.ConnectivityProfiles.WLAN.WLANSetting.WLANConfig['@_SSID'],
        expected: tricky,
      },
      {
        name: 'the Wi-Fi key',
        overrides: { wifi: { ssid: 'Corp', networkType: 'wpa2-personal', key: `k&<"'>ey` } },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.ConnectivityProfiles.WLAN.WLANSetting.WLANConfig.WLANXmlSettings.SecurityKey,
        expected: `k&<"'>ey`,
      },
      {
        name: 'an app name attribute',
        overrides: { apps: [{ name: tricky, installer: 'a.msi', commandLine: 'a.msi' }] },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.ProvisioningCommands.PrimaryContext.Command['@_Name'],
        expected: tricky,
      },
      {
        name: 'a command line',
        overrides: { apps: [{ name: 'App', installer: 'a.msi', commandLine: `cmd /c "a.exe" && echo '<done>'` }] },
        read: (sut) => sut.WindowsCustomizations.Settings.Customizations.Common.ProvisioningCommands.PrimaryContext.Command.CommandLine,
        expected: `cmd /c "a.exe" && echo '<done>'`,
      },
      {
        name: 'a certificate name and path',
        overrides: { certificates: [{ name: tricky, path: `C:\\a&b\\<c>.cer`, store: 'ca' }] },
        read: (sut) => {
          const certificate = sut.WindowsCustomizations.Settings.Customizations.Common.Certificates.CACertificates.CACertificate;
          return `${certificate['@_Name']}|${certificate.CertificatePath}`;
        },
        expected: `${tricky}|C:\\a&b\\<c>.cer`,
      },
      { name: 'leading zeros', overrides: { name: '0123' }, read: (sut) => sut.WindowsCustomizations.PackageConfig.Name, expected: '0123' },
      {
        name: 'characters outside ASCII',
        overrides: { name: 'Portables 💻 ünd' },
        read: (sut) => sut.WindowsCustomizations.PackageConfig.Name,
        expected: 'Portables 💻 ünd',
      },
    ])('round-trips $name exactly', ({ overrides, options, read, expected }) => {
      const sut = document(overrides, options ?? OPTIONS);

      expect(read(sut)).toBe(expected);
    });

    it('escapes all five XML-special characters, in attributes and in text', () => {
      const xml = renderCustomizationsXml(pkg({ name: tricky, apps: [{ name: tricky, installer: 'a.msi', commandLine: 'a.msi' }] }), OPTIONS);

      expect(xml).toContain('<Name>A&amp;B &lt;&quot;quoted&quot;&gt; &apos;x&apos;</Name>');
      expect(xml).toContain('<Command Name="A&amp;B &lt;&quot;quoted&quot;&gt; &apos;x&apos;">');
    });

    it('writes line breaks and tabs as references, so attribute values keep them', () => {
      const xml = renderCustomizationsXml(pkg({ wifi: { ssid: 'a\tb\r\nc', networkType: 'open' } }), OPTIONS);
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- decodes entities as a consumer of the XML would
      const decoding = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, htmlEntities: true });

      const sut = decoding.parse(xml).WindowsCustomizations.Settings.Customizations.Common.ConnectivityProfiles.WLAN.WLANSetting.WLANConfig;

      expect(xml).toContain('SSID="a&#9;b&#13;&#10;c"');
      expect(sut['@_SSID']).toBe('a\tb\r\nc');
    });

    it.each<{ name: string; overrides: Partial<CustomizationsPackage>; options?: CustomizationsOptions; where: RegExp }>([
      { name: 'a NUL in the name', overrides: { name: 'Lap\u0000tops' }, where: /^Name holds U\+0000/ },
      { name: 'a control character in the bulk token', overrides: {}, options: { ...OPTIONS, bulkToken: 'eobt_\u0001' }, where: /^BPRT holds U\+0001/ },
      { name: 'a lone surrogate in the SSID', overrides: { wifi: { ssid: 'Corp\ud800', networkType: 'open' } }, where: /^WLANConfig\/@SSID holds U\+D800/ },
      {
        name: 'U+FFFE in a certificate path',
        overrides: { certificates: [{ name: 'R', path: 'r\ufffe', store: 'root' }] },
        where: /^CertificatePath holds U\+FFFE/,
      },
      { name: 'U+FFFF in an app name', overrides: { apps: [{ name: 'A\uffff', installer: 'a', commandLine: 'a' }] }, where: /^Command\/@Name holds U\+FFFF/ },
    ])('refuses $name, which XML 1.0 cannot carry', ({ overrides, options, where }) => {
      const failure = failureOf(() => renderCustomizationsXml(pkg(overrides), options ?? OPTIONS));

      expect(failure.code).toBe(ErrorCode.Internal);
      expect(failure.message).toMatch(where);
    });
  });

  it('never writes the password or the bulk token id', () => {
    const leaky = { ...pkg(), password: 'package-secret', bulkTokenId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } as CustomizationsPackage;

    const xml = renderCustomizationsXml(leaky, OPTIONS);

    expect(xml).not.toContain('package-secret');
    expect(xml).not.toMatch(/aaaaaaaa-bbbb/i);
    expect(xml).not.toMatch(/password|bulkTokenId/i);
  });

  describe('a certificate (802.1X) network', () => {
    const wifi: CustomizationsPackage['wifi'] = {
      ssid: 'Corp & <Lab>',
      networkType: 'certificate',
      certificateTarget: 'device',
      autoConnect: true,
      hidden: false,
    };

    it('is a whole WLAN profile that authenticates the machine with EAP-TLS, and has no simple settings', () => {
      const config = (common({ wifi }) as any).ConnectivityProfiles.WLAN.WLANSetting.WLANConfig;
      expect(config['@_SSID']).toBe('Corp & <Lab>');
      expect(config.WLANXmlSettings).toBeUndefined();
      const profile = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(config.WLANXml).WLANProfile;
      expect(profile.name).toBe('Corp & <Lab>');
      expect(profile.SSIDConfig.SSID.hex).toBe(Buffer.from('Corp & <Lab>').toString('hex').toUpperCase());
      expect(profile.SSIDConfig.nonBroadcast).toBe('false');
      expect(profile.connectionMode).toBe('auto');
      expect(profile.MSM.security.authEncryption).toMatchObject({ authentication: 'WPA2', encryption: 'AES', useOneX: 'true' });
      expect(profile.MSM.security.OneX.authMode).toBe('machine');
      expect(profile.MSM.security.OneX.EAPConfig.EapHostConfig.EapMethod.Type['#text']).toBe('13');
    });

    it('leaves out the connection settings that were not asked for', () => {
      const config = (common({ wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device' } }) as any).ConnectivityProfiles.WLAN.WLANSetting
        .WLANConfig;
      expect(config.WLANXml).not.toContain('connectionMode');
      expect(config.WLANXml).not.toContain('nonBroadcast');
    });
  });
});

function wlan(ssid: string, settings: Node): Node {
  return { ConnectivityProfiles: { WLAN: { WLANSetting: { WLANConfig: { '@_SSID': ssid, WLANXmlSettings: settings } } } } };
}
