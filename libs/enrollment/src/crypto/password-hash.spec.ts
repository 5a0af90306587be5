import { hashPassword, verifyPassword } from './password-hash';

describe(hashPassword.name, () => {
  it('stores no password, salts every hash, and verifies only the right password', () => {
    const sut = hashPassword('package password');
    expect(sut).not.toContain('package password');
    expect(hashPassword('package password')).not.toBe(sut);
    expect(verifyPassword('package password', sut)).toBe(true);
    expect(verifyPassword('Package password', sut)).toBe(false);
    expect(verifyPassword('package password', 'md5$x$y')).toBe(false);
  });
});
