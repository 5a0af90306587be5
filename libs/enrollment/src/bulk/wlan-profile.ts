import type { WifiSettings } from './provisioning-package.schema';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escape = (value: string) => value.replace(/[&<>"']/g, (character) => ESCAPES[character]);

/**
 * The Windows WLAN profile of a certificate (802.1X, EAP-TLS) network. WCD's simple Wi-Fi settings only
 * know Open, WEP and WPA2-Personal, so such a network is provisioned as a whole profile (WLANXml).
 * `authMode` machine makes Windows authenticate with the device certificate: a bulk-enrolled device
 * has no user, so it has no user certificate.
 */
export function certificateWlanProfile(wifi: WifiSettings): string {
  const ssid = escape(wifi.ssid);
  const hex = Buffer.from(wifi.ssid, 'utf8').toString('hex').toUpperCase();
  const lines = [
    '<?xml version="1.0"?>',
    '<WLANProfile xmlns="http://www.microsoft.com/networking/WLAN/profile/v1">',
    `  <name>${ssid}</name>`,
    '  <SSIDConfig>',
    `    <SSID><hex>${hex}</hex><name>${ssid}</name></SSID>`,
    ...(wifi.hidden === undefined ? [] : [`    <nonBroadcast>${wifi.hidden}</nonBroadcast>`]),
    '  </SSIDConfig>',
    '  <connectionType>ESS</connectionType>',
    ...(wifi.autoConnect === undefined ? [] : [`  <connectionMode>${wifi.autoConnect ? 'auto' : 'manual'}</connectionMode>`]),
    '  <MSM>',
    '    <security>',
    '      <authEncryption><authentication>WPA2</authentication><encryption>AES</encryption><useOneX>true</useOneX></authEncryption>',
    '      <OneX xmlns="http://www.microsoft.com/networking/OneX/v1">',
    '        <authMode>machine</authMode>',
    '        <EAPConfig>',
    '          <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">',
    '            <EapMethod>',
    '              <Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type>',
    '              <VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId>',
    '              <VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType>',
    '              <AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId>',
    '            </EapMethod>',
    '            <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">',
    '              <Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">',
    '                <Type>13</Type>',
    '                <EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">',
    '                  <CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource>',
    '                  <ServerValidation><DisableUserPromptForServerValidation>false</DisableUserPromptForServerValidation><ServerNames></ServerNames></ServerValidation>',
    '                  <DifferentUsername>false</DifferentUsername>',
    '                </EapType>',
    '              </Eap>',
    '            </Config>',
    '          </EapHostConfig>',
    '        </EAPConfig>',
    '      </OneX>',
    '    </security>',
    '  </MSM>',
    '</WLANProfile>',
  ];
  return lines.join('\n');
}
