import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisKeys } from '../redis/redis-keys';
import { RedisRequestRepository } from '../requests/request.repository';
import { createCaMaterial } from './ca-material';
import { CertificateRecord } from './certificate.model';
import { RedisCertificateRepository } from './certificate.repository';
import { pemToDer } from './der';

// Against the real Redis of the tests (REDIS_URL or 127.0.0.1:6379), under a prefix of its own.
describe(`${RedisCertificateRepository.name} (real Redis)`, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const keys = new RedisKeys(`unit-certificates-${randomBytes(4).toString('hex')}`);
  const sut = new RedisCertificateRepository(redis, keys);
  const requests = new RedisRequestRepository(redis, keys);
  // A real certificate, so that the record survives however the repository chooses to store it.
  let pem: string;

  beforeAll(async () => {
    ({ certPem: pem } = await createCaMaterial({ commonName: 'Spec Certificate Store', validityDays: 1, passphrase: 'spec' }));
  });

  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  /** A request as the orchestrator records it, before the worker issues its certificate. */
  const recordedRequest = async (): Promise<string> => {
    const id = randomUUID();
    await requests.createUnlessInFlight({ id, flow: 'workplace-join', owner: 'spec', subject: {} }, `subject-${id}`);
    return id;
  };

  const certificateFor = (requestId: string): CertificateRecord => ({
    serialNumber: randomBytes(16).toString('hex'),
    pem,
    // The thumbprints are those of the certificate: the store may make them again on read.
    thumbprintSha1: createHash('sha1').update(pemToDer(pem)).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(pemToDer(pem)).digest('hex').toUpperCase(),
    subject: `CN=${randomUUID()}`,
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    requestId,
    deviceObjectId: randomUUID(),
    status: 'valid',
  });

  describe('recordForRequest', () => {
    it('stores the certificate, found by serial and by its request', async () => {
      const certificate = certificateFor(await recordedRequest());

      expect(await sut.recordForRequest(certificate)).toEqual(certificate);

      expect(await sut.get(certificate.serialNumber)).toEqual(certificate);
      expect(await sut.forRequest(certificate.requestId)).toEqual(certificate);
    });

    it('returns the first certificate when the request already has one, and stores no second', async () => {
      const requestId = await recordedRequest();
      const first = certificateFor(requestId);
      await sut.recordForRequest(first);
      const retried = certificateFor(requestId);

      expect(await sut.recordForRequest(retried)).toEqual(first);

      expect(await sut.forRequest(requestId)).toEqual(first);
      expect(await sut.get(retried.serialNumber)).toBeNull();
    });

    it('gives 10 racing recordings for one request the same certificate', async () => {
      const requestId = await recordedRequest();
      const candidates = Array.from({ length: 10 }, () => certificateFor(requestId));

      const recorded = await Promise.all(candidates.map((certificate) => sut.recordForRequest(certificate)));

      expect(new Set(recorded.map((certificate) => certificate.serialNumber)).size).toBe(1);
      expect(candidates).toContainEqual(recorded[0]);
      const stored = await Promise.all(candidates.map((certificate) => sut.get(certificate.serialNumber)));
      expect(stored.filter(Boolean)).toEqual([recorded[0]]);
    });

    it('returns null for an unknown serial, and for a request without a certificate or unknown', async () => {
      expect(await sut.get(randomBytes(16).toString('hex'))).toBeNull();
      expect(await sut.forRequest(await recordedRequest())).toBeNull();
      expect(await sut.forRequest(randomUUID())).toBeNull();
    });
  });

  describe('revoke', () => {
    it('marks the record revoked and lists the serial for the CRL with its revocation time', async () => {
      const certificate = await sut.recordForRequest(certificateFor(await recordedRequest()));
      const at = new Date('2026-03-01T10:00:00.000Z');

      await sut.revoke(certificate.serialNumber, at);

      expect(await sut.get(certificate.serialNumber)).toEqual({ ...certificate, status: 'revoked', revokedAt: at.toISOString() });
      expect(await sut.forRequest(certificate.requestId)).toEqual({ ...certificate, status: 'revoked', revokedAt: at.toISOString() });
      expect((await sut.snapshotForCrl()).entries).toContainEqual({ serialHex: certificate.serialNumber, revokedAt: at });
    });

    it('keeps the first revocation time when revoked again, and lists the serial once', async () => {
      const certificate = await sut.recordForRequest(certificateFor(await recordedRequest()));
      const first = new Date('2026-03-01T10:00:00.000Z');

      await sut.revoke(certificate.serialNumber, first);
      await Promise.all([sut.revoke(certificate.serialNumber, new Date()), sut.revoke(certificate.serialNumber, new Date())]);

      expect((await sut.get(certificate.serialNumber))?.revokedAt).toBe(first.toISOString());
      const listed = (await sut.snapshotForCrl()).entries.filter((entry) => entry.serialHex === certificate.serialNumber);
      expect(listed).toEqual([{ serialHex: certificate.serialNumber, revokedAt: first }]);
    });

    it('lists a serial it has no record of, without making up a record', async () => {
      const serial = randomBytes(16).toString('hex');
      const at = new Date('2026-03-02T00:00:00.000Z');

      await sut.revoke(serial, at);

      expect(await sut.get(serial)).toBeNull();
      expect((await sut.snapshotForCrl()).entries).toContainEqual({ serialHex: serial, revokedAt: at });
    });
  });

  describe('CRL', () => {
    // A prefix of its own for each test, so that CRL numbers and the revoked list start empty.
    const crlStore = () => {
      const crlKeys = new RedisKeys(`unit-crl-${randomBytes(4).toString('hex')}`);
      const cleanUp = async () => {
        const found = await redis.keys(`${crlKeys.root}:*`);
        if (found.length > 0) await redis.del(...found);
      };
      return { store: new RedisCertificateRepository(redis, crlKeys), cleanUp };
    };

    it('numbers snapshots 1, 2, 3 … with no number given twice to racing signers', async () => {
      const { store, cleanUp } = crlStore();
      try {
        const snapshots = await Promise.all(Array.from({ length: 10 }, () => store.snapshotForCrl()));

        expect(snapshots.map((snapshot) => snapshot.crlNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(snapshots.every((snapshot) => snapshot.entries.length === 0)).toBe(true);
      } finally {
        await cleanUp();
      }
    });

    it('never lists less under a higher number, while revocations race the snapshots', async () => {
      const { store, cleanUp } = crlStore();
      try {
        const serials = Array.from({ length: 20 }, () => randomBytes(16).toString('hex'));
        const snapshots: Array<{ entries: Array<{ serialHex: string }>; crlNumber: number }> = [];
        await Promise.all(
          serials.flatMap((serial) => [store.revoke(serial, new Date()), store.snapshotForCrl().then((snapshot) => void snapshots.push(snapshot))]),
        );

        snapshots.sort((a, b) => a.crlNumber - b.crlNumber);
        for (let i = 1; i < snapshots.length; i++) {
          const earlier = snapshots[i - 1].entries.map((entry) => entry.serialHex);
          expect(snapshots[i].entries.map((entry) => entry.serialHex)).toEqual(expect.arrayContaining(earlier));
        }
        const last = await store.snapshotForCrl();
        expect(last.entries.map((entry) => entry.serialHex).sort()).toEqual([...serials].sort());
      } finally {
        await cleanUp();
      }
    });

    it('has no current CRL before the first is published', async () => {
      const { store, cleanUp } = crlStore();
      try {
        expect(await store.currentCrl()).toBeNull();
      } finally {
        await cleanUp();
      }
    });

    it('publishes a CRL, and ignores one with the same or a lower number, whatever the order they arrive in', async () => {
      const { store, cleanUp } = crlStore();
      const crl = (number: number) => ({ number, der: randomBytes(64), nextUpdate: new Date(Date.UTC(2026, 0, 1, number)) });
      try {
        const published = [3, 7, 1, 5, 7, 2, 6, 4].map(crl);
        await Promise.all(published.map((each) => store.publishCrl(each)));
        expect(await store.currentCrl()).toEqual(published[1]);

        await store.publishCrl({ ...crl(7), der: randomBytes(64) });
        await store.publishCrl(crl(6));
        expect(await store.currentCrl()).toEqual(published[1]);

        const next = crl(8);
        await store.publishCrl(next);
        expect(await store.currentCrl()).toEqual(next);
      } finally {
        await cleanUp();
      }
    });
  });

  describe('the request index', () => {
    it("keeps a request's certificate under a key of its own, and leaves the request record alone", async () => {
      const requestId = await recordedRequest();
      const before = await redis.hgetall(keys.request(requestId));

      const certificate = await sut.recordForRequest(certificateFor(requestId));

      expect(await redis.get(keys.requestCertificate(requestId))).toBe(certificate.serialNumber);
      expect(await redis.ttl(keys.requestCertificate(requestId))).toBeGreaterThan(29 * 24 * 3600);
      expect(await redis.hgetall(keys.request(requestId))).toEqual(before);
    });

    it('keeps the certificate that a request recorded before the index names in its own hash', async () => {
      const requestId = await recordedRequest();
      const older = certificateFor(requestId);
      await sut.recordForRequest(older);
      // As such a request was stored: the serial in the request hash, no index.
      await redis.del(keys.requestCertificate(requestId));
      await redis.hset(keys.request(requestId), 'certificateSerial', older.serialNumber);

      expect(await sut.forRequest(requestId)).toEqual(older);
      expect(await sut.recordForRequest(certificateFor(requestId))).toEqual(older);
    });
  });

  describe('storage', () => {
    it('keeps the DER and gives the whole record back, PEM and thumbprints made on read', async () => {
      const certificate = certificateFor(await recordedRequest());

      await sut.recordForRequest(certificate);

      const stored = await redis.hgetallBuffer(keys.certificate(certificate.serialNumber));
      expect(stored.der.equals(pemToDer(certificate.pem))).toBe(true);
      expect(Object.keys(stored).sort()).toEqual(['der', 'record']);
      expect(await sut.get(certificate.serialNumber)).toStrictEqual(certificate);
    });

    it('still reads and revokes a record stored as JSON with its PEM, as records were before', async () => {
      const certificate = certificateFor(randomUUID());
      await redis.set(keys.certificate(certificate.serialNumber), JSON.stringify(certificate));

      expect(await sut.get(certificate.serialNumber)).toStrictEqual(certificate);

      await sut.revoke(certificate.serialNumber, new Date('2026-12-06T00:00:00.000Z'));
      expect(await sut.get(certificate.serialNumber)).toStrictEqual({ ...certificate, status: 'revoked', revokedAt: '2026-12-06T00:00:00.000Z' });
    });
  });
});
