import { randomSerialHex, toDerIntegerHex } from './serial';

describe(randomSerialHex.name, () => {
  const sut = randomSerialHex;

  it('returns 16 bytes of hex that encode a positive INTEGER without a leading zero byte', () => {
    for (let i = 0; i < 1000; i++) {
      const serial = sut();
      const first = parseInt(serial.slice(0, 2), 16);

      expect(serial).toMatch(/^[0-9a-f]{32}$/);
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThan(0x80);
      expect(toDerIntegerHex(serial)).toBe(serial);
    }
  });

  it('does not repeat', () => {
    const serials = new Set(Array.from({ length: 1000 }, () => sut()));

    expect(serials.size).toBe(1000);
  });
});

describe(toDerIntegerHex.name, () => {
  const sut = toDerIntegerHex;

  it.each([
    ['01', '01'],
    ['1', '01'],
    ['00007f', '7f'],
    ['80', '0080'],
    ['ABCDEF', '00abcdef'],
  ])('canonicalises %s as %s', (input, expected) => {
    expect(sut(input)).toBe(expected);
  });

  it.each([['0'], ['000'], ['xyz'], [''], ['ff'.repeat(21)]])('rejects %j', (input) => {
    expect(() => sut(input)).toThrow();
  });
});
