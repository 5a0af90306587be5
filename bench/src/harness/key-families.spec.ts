import { keyFamily } from './key-families';

describe(keyFamily.name, () => {
  it.each([
    ['{p}:dir:device:0f3b8e6c-a271-4556-9b72-a26cbd8090c8', 'dir:device:*'],
    ['{p}:dir:wpj:sim.ab12.1.1@contoso.com|0f3b8e6c-a271-4556-9b72-a26cbd8090c8', 'dir:wpj:*'],
    ['{p}:dir:name:SIM-123456', 'dir:name:*'],
    ['{p}:dir:devices', 'dir:devices'],
    ['{p}:bull:bulk-enrollment:0f3b8e6c-a271-4556-9b72-a26cbd8090c8', 'bull:bulk-enrollment:*'],
    ['{p}:bull:bulk-enrollment:events', 'bull:bulk-enrollment:events'],
    ['{p}:events:request:0f3b8e6c-a271-4556-9b72-a26cbd8090c8', 'events:request:*'],
    ['{p}:pki:cert:7f0a1b2c3d4e5f60718293a4b5c6d7e8', 'pki:cert:*'],
    ['{p}:bulk:token:0f3b8e6c-a271-4556-9b72-a26cbd8090c8:devices', 'bulk:token:*'],
    ['other:key', 'other:key'],
  ])('%s → %s', (key, family) => {
    expect(keyFamily(key, '{p}')).toBe(family);
  });
});
