import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox('a-long-test-passphrase', 'test');

  it('opens what it sealed, and never seals the same way twice', () => {
    const first = sut.seal('eobt_secret<&>');
    expect(sut.open(first)).toBe('eobt_secret<&>');
    expect(sut.seal('eobt_secret<&>')).not.toBe(first);
    expect(first).not.toContain('secret');
  });

  it.each([
    ['another passphrase', () => new SecretBox('another-passphrase!!', 'test')],
    ['another purpose', () => new SecretBox('a-long-test-passphrase', 'other')],
  ])('refuses a box sealed with %s', (_, other) => {
    expect(() => other().open(sut.seal('value'))).toThrow();
  });

  it('refuses a tampered box', () => {
    const [version, iv, tag, sealed] = sut.seal('value').split('.');
    const flipped = Buffer.from(sealed, 'base64');
    flipped[0] ^= 1;
    expect(() => sut.open([version, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
    expect(() => sut.open('garbage')).toThrow('Not a sealed secret');
  });
});
