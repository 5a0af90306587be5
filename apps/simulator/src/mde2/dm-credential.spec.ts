import { credOf, md5Credential } from './dm-credential';

describe(md5Credential.name, () => {
  const nonce = Buffer.from(Array.from({ length: 16 }, (_, i) => i)).toString('base64');

  it('is B64(MD5(B64(MD5(name:secret)):nonce bytes)), as computed apart from this code', () => {
    expect(md5Credential('W-K3ZQ-0', 'EnrollmentOrchestrator', nonce)).toBe('x0cdx2sB+TpR2hrJ1rOFUw==');
  });

  it('changes with each of name, secret and nonce', () => {
    const sut = md5Credential('W-K3ZQ-0', 'EnrollmentOrchestrator', nonce);
    expect(md5Credential('W-K3ZQ-1', 'EnrollmentOrchestrator', nonce)).not.toBe(sut);
    expect(md5Credential('W-K3ZQ-0', 'Other', nonce)).not.toBe(sut);
    expect(md5Credential('W-K3ZQ-0', 'EnrollmentOrchestrator', Buffer.from('other nonce').toString('base64'))).not.toBe(sut);
  });
});

describe(credOf.name, () => {
  it('names the device by its DeviceID when APPAUTH gives no name, in b64 auth-md5', () => {
    const auth = { secret: 's', nonce: 'AAEC' };
    expect(credOf(auth, 'DEVICE')).toEqual({ format: 'b64', type: 'syncml:auth-md5', data: md5Credential('DEVICE', 's', 'AAEC') });
    expect(credOf({ ...auth, name: 'named' }, 'DEVICE').data).toBe(md5Credential('named', 's', 'AAEC'));
  });
});
