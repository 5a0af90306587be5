import { createPrivateKey, X509Certificate } from 'node:crypto';
import { CaMaterial, caKeyOpensWith, createCaMaterial } from './ca-material';
import { openssl, opensslOk, TempDir } from './testing/openssl';

describe(createCaMaterial.name, () => {
  const sut = createCaMaterial;
  const dir = new TempDir();
  const passphrase = 'spec-passphrase';

  afterAll(() => dir.dispose());

  it('creates an encrypted key and a self-signed CA certificate', async () => {
    const material = await sut({ commonName: 'Spec Root', validityDays: 10, passphrase });
    const caFile = dir.write('ca.pem', material.certPem);

    const text = opensslOk(['x509', '-in', caFile, '-noout', '-text']);

    expect(material.encryptedKeyPem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('Subject: CN = Spec Root, O = Enrollment Orchestrator');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(openssl(['verify', '-CAfile', caFile, caFile]).stdout).toContain(': OK');
  });

  it('encrypts the key with the passphrase and matches it to the certificate', async () => {
    const material = await sut({ commonName: 'Spec Root', validityDays: 1, passphrase });
    const cert = new X509Certificate(material.certPem);

    expect(() => createPrivateKey({ key: material.encryptedKeyPem, passphrase: 'wrong' })).toThrow();
    expect(cert.checkPrivateKey(createPrivateKey({ key: material.encryptedKeyPem, passphrase }))).toBe(true);
    expect(cert.ca).toBe(true);
    expect(new Date(cert.validTo).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
  });

  it.each([
    ['an empty passphrase', { passphrase: '' }],
    ['a key under 2048 bits', { keyBits: 1024 }],
    ['a non-positive validity', { validityDays: 0 }],
  ])('rejects %s', async (_, override) => {
    await expect(sut({ commonName: 'Spec Root', validityDays: 1, passphrase, ...override })).rejects.toThrow();
  });
});

describe(caKeyOpensWith.name, () => {
  const sut = caKeyOpensWith;
  let material: CaMaterial;

  beforeAll(async () => {
    material = await createCaMaterial({ commonName: 'Spec Root', validityDays: 1, passphrase: 'spec-passphrase' });
  });

  it('is true for the passphrase the key was made with', () => {
    expect(sut(material.encryptedKeyPem, 'spec-passphrase')).toBe(true);
  });

  it.each(['another-passphrase', 'spec-passphrasE', ''])('is false for %j', (passphrase) => {
    expect(sut(material.encryptedKeyPem, passphrase)).toBe(false);
  });

  it('throws for something that is not an encrypted key, rather than blame the passphrase', () => {
    expect(() => sut('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n', 'spec-passphrase')).toThrow();
  });
});
