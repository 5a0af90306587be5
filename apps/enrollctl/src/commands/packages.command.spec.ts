import { packageBody } from './packages.command';

describe(packageBody.name, () => {
  const required = { name: 'Contoso desktops', template: 'CONTOSO-%RAND:4%', tokenId: 'ed0c8b0e-3a5b-4d8e-9f3c-2c1f0f6e7a11' };
  const base = { name: 'Contoso desktops', deviceNameTemplate: 'CONTOSO-%RAND:4%', bulkTokenId: required.tokenId };

  it.each([
    ['only what is required', {}, base],
    [
      'the wizard switches',
      { sharedUse: true, removePreinstalled: true, hideOobe: true, productKey: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
      { ...base, sharedUse: true, removePreinstalledSoftware: true, hideOobe: true, productKey: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' },
    ],
    [
      'a WPA2 network',
      { wifiSsid: 'Contoso', wifiKey: 'correct horse', wifiAutoConnect: true },
      { ...base, wifi: { ssid: 'Contoso', networkType: 'wpa2-personal', key: 'correct horse', autoConnect: true } },
    ],
    ['an open network', { wifiSsid: 'Guest', wifiType: 'open' as const }, { ...base, wifi: { ssid: 'Guest', networkType: 'open' } }],
    [
      'a certificate network, with the device certificate',
      { wifiSsid: 'Corp', wifiType: 'certificate' as const, wifiHidden: true },
      { ...base, wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'device', hidden: true } },
    ],
    ['a Wi-Fi key from the environment and no network', { wifiKey: 'from the environment' }, base],
  ])('sends %s', (_, flags, expected) => {
    expect(packageBody({ ...required, ...flags })).toEqual(expected);
  });

  it('passes a key given on the command line for an open network on, for the API to refuse', () => {
    expect(packageBody({ ...required, wifiSsid: 'Guest', wifiType: 'open', wifiKey: 'k' }, true).wifi).toEqual({
      ssid: 'Guest',
      networkType: 'open',
      key: 'k',
    });
  });

  it('asks for the SSID when other Wi-Fi flags are given', () => {
    expect(() => packageBody({ ...required, wifiType: 'open' })).toThrow('--wifi-ssid is required');
  });
});
