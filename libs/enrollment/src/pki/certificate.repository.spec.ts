import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { CertificateRecord } from './certificate.model';
import { RedisCertificateRepository } from './certificate.repository';
import { derToPem, pemToDer } from './der';
import { selfSignedServerCertificate } from './testing/server-certificate';

describe(RedisCertificateRepository.name, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-certificates-${randomBytes(4).toString('hex')}`);
  const sut = new RedisCertificateRepository(redis, keys);
  // One key pair for the file: each record only needs a DER of its own.
  const der = pemToDer(selfSignedServerCertificate().cert, 'CERTIFICATE');

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  /** A record as the CA makes one: its PEM from the DER, its thumbprints hashes of the DER. */
  function issued(requestId: string = randomUUID()): CertificateRecord {
    const serialNumber = randomBytes(16).toString('hex');
    const unique = Buffer.concat([der, Buffer.from(serialNumber, 'hex')]);
    return {
      serialNumber,
      pem: derToPem(unique, 'CERTIFICATE'),
      thumbprintSha1: createHash('sha1').update(unique).digest('hex').toUpperCase(),
      thumbprintSha256: createHash('sha256').update(unique).digest('hex').toUpperCase(),
      subject: `CN=${randomUUID()}`,
      notBefore: '2026-12-05T01:00:00.000Z',
      notAfter: '2027-12-05T01:00:00.000Z',
      requestId,
      deviceObjectId: randomUUID(),
      status: 'valid',
    };
  }

  it('keeps the DER and gives the whole record back, PEM and thumbprints made on read', async () => {
    const certificate = issued();

    await sut.recordForRequest(certificate);

    const stored = await redis.hgetallBuffer(keys.certificate(certificate.serialNumber));
    expect(stored.der.equals(pemToDer(certificate.pem))).toBe(true);
    expect(Object.keys(stored).sort()).toEqual(['der', 'record']);
    expect(await sut.get(certificate.serialNumber)).toStrictEqual(certificate);
    expect(await sut.forRequest(certificate.requestId)).toStrictEqual(certificate);
  });

  it('records one certificate per request: a second one is not stored, and the first comes back', async () => {
    const first = issued();
    const second = issued(first.requestId);

    expect(await sut.recordForRequest(first)).toStrictEqual(first);
    expect(await sut.recordForRequest(second)).toStrictEqual(first);

    expect(await redis.exists(keys.certificate(second.serialNumber))).toBe(0);
  });

  it('returns null, not an error, for a serial it never stored', async () => {
    expect(await sut.get('00ff')).toBeNull();
    expect(await sut.forRequest(randomUUID())).toBeNull();
  });

  it('marks a record revoked once; the first revocation time stays', async () => {
    const certificate = issued();
    await sut.recordForRequest(certificate);

    await sut.revoke(certificate.serialNumber, new Date('2026-12-06T00:00:00.000Z'));
    await sut.revoke(certificate.serialNumber, new Date('2026-12-07T00:00:00.000Z'));

    expect(await sut.get(certificate.serialNumber)).toStrictEqual({ ...certificate, status: 'revoked', revokedAt: '2026-12-06T00:00:00.000Z' });
  });

  it('still reads and revokes a record stored as JSON with its PEM, as records were before', async () => {
    const certificate = issued();
    await redis.set(keys.certificate(certificate.serialNumber), JSON.stringify(certificate));

    expect(await sut.get(certificate.serialNumber)).toStrictEqual(certificate);

    await sut.revoke(certificate.serialNumber, new Date('2026-12-06T00:00:00.000Z'));
    expect(await sut.get(certificate.serialNumber)).toStrictEqual({ ...certificate, status: 'revoked', revokedAt: '2026-12-06T00:00:00.000Z' });
  });
});
