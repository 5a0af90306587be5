import type { Request } from 'express';
import { clientAddress } from './client-address';

describe(clientAddress.name, () => {
  const sut = (ip: string) => clientAddress({ ip, socket: {} } as Request);

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:db8:85a3:08d3::1', '2001:db8:85a3:8d3::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('counts %s as %s', (ip, expected) => {
    expect(sut(ip)).toBe(expected);
  });

  it('gives every address of one /64 the same count, and another /64 its own', () => {
    expect(sut('2001:db8:1:2:aaaa::1')).toBe(sut('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(sut('2001:db8:1:3::1')).not.toBe(sut('2001:db8:1:2::1'));
  });
});
