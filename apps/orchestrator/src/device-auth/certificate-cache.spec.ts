import { selfSignedServerCertificate } from '@app/enrollment/pki/testing/server-certificate';
import { CertificateCache } from './certificate-cache';

describe(CertificateCache.name, () => {
  const [first, second, third] = [1, 2, 3].map((n) => selfSignedServerCertificate({ names: [`device-${n}`] }).cert);

  it('reads a certificate once and gives the same reading for the same text again', () => {
    const sut = new CertificateCache();
    const once = sut.reader(first);
    expect(once.kind).toBe('certificate');
    expect(sut.reader(first)).toBe(once);
    expect(sut.reader(second)).not.toBe(once);
  });

  it('remembers unreadable text too, as unreadable', () => {
    const sut = new CertificateCache();
    expect(sut.reader('not a certificate')).toEqual({ kind: 'unreadable' });
    expect(sut.reader('not a certificate')).toEqual({ kind: 'unreadable' });
  });

  it('forgets the oldest reading past its size', () => {
    const sut = new CertificateCache(2);
    const kept = [first, second].map((pem) => sut.reader(pem));
    sut.reader(third);
    expect(sut.reader(second)).toBe(kept[1]);
    expect(sut.reader(first)).not.toBe(kept[0]);
  });
});
