import { EnrollmentError } from '../errors/enrollment-error';
import { mde2Urls } from '../mde2/mde2-urls';
import { ErrorCode } from '../errors/error-code';
import type { ProvisioningPackageInput, WifiSettings } from './provisioning-package.schema';
import { certificateWlanProfile } from './wlan-profile';
import { escapeXmlText } from '../xml/xml-text';

/** What customizations.xml is rendered from: the wizard's fields (never its password or token id) and the package's identity. */
export type CustomizationsPackage = { id: string; name: string; version?: string } & Omit<ProvisioningPackageInput, 'password' | 'bulkTokenId'>;

/**
 * Where the devices enroll and the bulk token they enroll with: Entra ID (`entraAuthority`, the token as
 * BPRT), or, for a package with `mdmEnrollment`, this service at `publicUrl` (the token as the Secret).
 */
export interface CustomizationsOptions {
  bulkToken: string;
  entraAuthority: string;
  publicUrl: string;
}

const PACKAGE_CONFIG_NS = 'urn:schemas-Microsoft-com:Windows-ICD-Package-Config.v1.0';
const SETTINGS_NS = 'urn:schemas-microsoft-com:windows-provisioning';
const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  content: string | XmlElement[];
}

const SECURITY_TYPES: Record<string, string> = { open: 'Open', 'wpa2-personal': 'WPA2-Personal' };

/** Renders the WCD customizations.xml of a package; only the settings the admin chose appear in it. */
export function renderCustomizationsXml(pkg: CustomizationsPackage, options: CustomizationsOptions): string {
  const guid = GUID.exec(pkg.id);
  if (!guid) throw EnrollmentError.permanent(ErrorCode.Internal, `Package id ${JSON.stringify(pkg.id)} is not a GUID`);
  const root: XmlElement = {
    name: 'WindowsCustomizations',
    content: [
      {
        name: 'PackageConfig',
        attributes: { xmlns: PACKAGE_CONFIG_NS },
        content: [
          leaf('ID', `{${guid[1].toUpperCase()}}`),
          leaf('Name', pkg.name),
          leaf('Version', pkg.version ?? '1.0'),
          leaf('OwnerType', 'ITAdmin'),
          leaf('Rank', '0'),
        ],
      },
      {
        name: 'Settings',
        attributes: { xmlns: SETTINGS_NS },
        content: [{ name: 'Customizations', content: [{ name: 'Common', content: commonSettings(pkg, options) }] }],
      },
    ],
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, '')}\n`;
}

// In the order WCD writes them: alphabetical.
function commonSettings(pkg: CustomizationsPackage, options: CustomizationsOptions): XmlElement[] {
  // A device enrolls either into Entra ID (Accounts/Azure) or into this service (Workplace), never both.
  const azure = pkg.mdmEnrollment ? [] : [branch('Azure', [leaf('Authority', options.entraAuthority), leaf('BPRT', options.bulkToken)])];
  const settings: XmlElement[] = [branch('Accounts', [...azure, branch('ComputerAccount', [leaf('ComputerName', pkg.deviceNameTemplate)])])];
  const certificates = certificateSettings(pkg.certificates ?? []);
  if (certificates.length > 0) settings.push(branch('Certificates', certificates));
  if (pkg.removePreinstalledSoftware === true) settings.push(branch('CleanPC', [leaf('NoRetainUserData', 'True')]));
  if (pkg.wifi) settings.push(wifiSettings(pkg.wifi));
  if (pkg.productKey !== undefined) settings.push(branch('EditionUpgrade', [leaf('UpgradeEditionWithProductKey', pkg.productKey)]));
  if (pkg.hideOobe !== undefined) settings.push(branch('OOBE', [branch('Desktop', [leaf('HideOobe', bool(pkg.hideOobe))])]));
  if (pkg.apps && pkg.apps.length > 0) {
    const commands = pkg.apps.map((app) => ({
      name: 'Command',
      attributes: { Name: app.name },
      content: [leaf('CommandFile', app.installer), leaf('CommandLine', app.commandLine)],
    }));
    settings.push(branch('ProvisioningCommands', [branch('PrimaryContext', commands)]));
  }
  if (pkg.sharedUse !== undefined) settings.push(branch('SharedPC', [leaf('EnableSharedPCMode', bool(pkg.sharedUse))]));
  if (pkg.mdmEnrollment) settings.push(workplaceSettings(pkg.mdmEnrollment.userPrincipalName, options));
  return settings;
}

/** Provisioning CSP Enrollments/UPN: the device enrolls into this service (MS-MDE2) with the bulk token as its password. */
function workplaceSettings(upn: string, options: CustomizationsOptions): XmlElement {
  const urls = mde2Urls(options.publicUrl.replace(/\/+$/, ''));
  const enrollment: XmlElement = {
    name: 'UPN',
    // WCD keys the list item by its UPN and writes the same value as its Name.
    attributes: { UPN: upn, Name: upn },
    content: [
      leaf('AuthPolicy', 'OnPremise'),
      leaf('DiscoveryServiceFullUrl', urls.discovery),
      leaf('EnrollmentServiceFullUrl', urls.enrollment),
      leaf('PolicyServiceFullUrl', urls.policy),
      leaf('Secret', options.bulkToken),
    ],
  };
  return branch('Workplace', [branch('Enrollments', [enrollment])]);
}

function certificateSettings(certificates: NonNullable<CustomizationsPackage['certificates']>): XmlElement[] {
  const stores = [
    { list: 'RootCertificates', item: 'RootCertificate', entries: certificates.filter((certificate) => certificate.store !== 'ca') },
    { list: 'CACertificates', item: 'CACertificate', entries: certificates.filter((certificate) => certificate.store === 'ca') },
  ];
  return stores
    .filter((store) => store.entries.length > 0)
    .map((store) =>
      branch(
        store.list,
        store.entries.map((certificate) => ({
          name: store.item,
          attributes: { Name: certificate.name },
          content: [leaf('CertificatePath', certificate.path)],
        })),
      ),
    );
}

function wifiSettings(wifi: WifiSettings): XmlElement {
  const profile = wifi.networkType === 'certificate' ? leaf('WLANXml', certificateWlanProfile(wifi)) : branch('WLANXmlSettings', simpleWifiSettings(wifi));
  const config: XmlElement = { name: 'WLANConfig', attributes: { SSID: wifi.ssid }, content: [profile] };
  return branch('ConnectivityProfiles', [branch('WLAN', [branch('WLANSetting', [config])])]);
}

function simpleWifiSettings(wifi: WifiSettings): XmlElement[] {
  const settings: XmlElement[] = [];
  if (wifi.autoConnect !== undefined) settings.push(leaf('AutoConnect', bool(wifi.autoConnect)));
  if (wifi.hidden !== undefined) settings.push(leaf('HiddenNetwork', bool(wifi.hidden)));
  settings.push(leaf('SecurityType', SECURITY_TYPES[wifi.networkType]));
  if (wifi.networkType === 'wpa2-personal') {
    // Validation guarantees the key; a package without it would fail on every device, so it is not built.
    if (wifi.key === undefined) throw EnrollmentError.permanent(ErrorCode.Internal, 'A wpa2-personal network has no key');
    settings.push(leaf('SecurityKey', wifi.key));
  }
  return settings;
}

function leaf(name: string, value: string): XmlElement {
  return { name, content: value };
}

function branch(name: string, children: XmlElement[]): XmlElement {
  return { name, content: children };
}

function bool(value: boolean): string {
  return value ? 'True' : 'False';
}

function render(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXmlText(value, `${element.name}/@${name}`)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}>`;
  if (typeof element.content === 'string') return `${open}${escapeXmlText(element.content, element.name)}</${element.name}>`;
  const children = element.content.map((child) => render(child, `${indent}  `));
  return [open, ...children, `${indent}</${element.name}>`].join('\n');
}
