import { lowerVersion } from './enrollment-server.controller';

describe(lowerVersion.name, () => {
  const sut = lowerVersion;

  it.each([
    ['4.0', '5.0', '4.0'],
    ['4.0', '3.0', '3.0'],
    ['4.0', '4.0', '4.0'],
    ['4.0', '4', '4.0'],
    ['4.0', '3.5.1', '3.5.1'],
    ['4.0', undefined, '4.0'],
    ['4.0', 'x', '4.0'],
    ['4.0', '', '4.0'],
  ])('of ours %s and the device %s is %s', (server, client, lower) => {
    expect(sut(server, client)).toBe(lower);
  });
});
