import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { PkiService, randomSerialHex, RedisCertificateRepository, RedisKeys, validateCsr } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { REDIS_URL } from './support/service';

/** The CA and CRL on real Redis, with several PkiService instances standing for several processes. */
describe(PkiService.name, () => {
  const keys = new RedisKeys(`e2e-pki-${randomBytes(4).toString('hex')}`);
  const openssl = new OpensslWorkspace();
  const clients: Redis[] = [];
  const settings = {
    passphrase: 'integration-test-passphrase',
    commonName: 'Integration Test CA',
    certValidityDays: 30,
    crlValidityHours: 24,
    crlUrl: 'http://127.0.0.1/v1/pki/crl',
  };

  function instance(): PkiService {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return new PkiService(redis, keys, new RedisCertificateRepository(redis, keys), settings);
  }

  afterAll(async () => {
    const redis = clients[0] ?? new Redis(REDIS_URL);
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length) await redis.del(...found);
    await Promise.all(clients.map((client) => client.quit()));
    openssl.dispose();
  });

  it('creates the CA once when several processes start together, and encrypts its key at rest', async () => {
    const sut = Array.from({ length: 6 }, instance);
    await Promise.all(sut.map((pki) => pki.init()));
    expect(new Set(sut.map((pki) => pki.caPem)).size).toBe(1);
    const stored = JSON.parse((await clients[0].get(keys.ca))!);
    expect(stored.encryptedKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(stored.certPem).toBe(sut[0].caPem);
  });

  it('refuses to load the CA with the wrong passphrase', async () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    const sut = new PkiService(redis, keys, new RedisCertificateRepository(redis, keys), {
      ...settings,
      passphrase: 'not-the-right-passphrase',
    });
    await expect(sut.init()).rejects.toThrow();
  });

  it('lists every revocation in the published CRL when revocations race on several processes', async () => {
    const processes = Array.from({ length: 4 }, instance);
    await Promise.all(processes.map((pki) => pki.init()));
    const serials = Array.from({ length: 24 }, () => randomSerialHex());
    await Promise.all(serials.map((serial, i) => processes[i % processes.length].revoke(serial)));

    const caPath = openssl.write('ca.pem', processes[0].caPem);
    const crlPath = openssl.write('crl.der', await processes[1].crl());
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', crlPath, '-CAfile', caPath, '-noout', '-text'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toUpperCase();
    for (const serial of serials) expect(text).toContain(serial.toUpperCase());
  });

  it('issues a certificate whose subject comes from the request, not from the CSR', async () => {
    const sut = instance();
    await sut.init();
    const csr = validateCsr(openssl.csr({ subject: '/CN=Administrator/O=Evil' }).pem);
    const deviceObjectId = randomUUID();
    const issued = sut.issue({ requestId: randomUUID(), deviceObjectId, publicKey: csr.publicKey, subject: { commonName: deviceObjectId } });
    expect(issued.subject).toBe(`CN=${deviceObjectId}`);
    const verified = openssl.verify(['-CAfile', openssl.write('ca2.pem', sut.caPem), openssl.write('leaf.pem', issued.pem)]);
    expect(verified.ok).toBe(true);
  });
});
