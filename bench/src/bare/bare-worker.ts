import { Worker } from 'bullmq';
import Redis from 'ioredis';
import { RedisBulkTokenRepository } from '@app/enrollment/bulk/bulk-token.repository';
import { RedisMdmEnrollmentRepository } from '@app/enrollment/bulk/mdm-enrollment.repository';
import { RedisEventRepository } from '@app/enrollment/diagnostics/event.repository';
import { RedisDeviceRepository } from '@app/enrollment/directory/device.repository';
import { createJsonLogger } from '@app/enrollment/logging/logger';
import { CertificateAuthority } from '@app/enrollment/pki/certificate-authority';
import { RedisCertificateRepository } from '@app/enrollment/pki/certificate.repository';
import { RedisBatches } from '@app/enrollment/redis/redis-batch';
import { RedisKeys } from '@app/enrollment/redis/redis-keys';
import { RedisRequestRepository } from '@app/enrollment/requests/request.repository';
import { BareEnrollment } from './bare-enrollment';
import { BARE_QUEUES, BareJob, BareWorkerSettings } from './bare-job';

/** The product's defaults: EVENTS_PER_REQUEST, EVENTS_PER_DEVICE, EVENTS_GLOBAL. */
const EVENT_RETENTION = { perRequest: 200, perDevice: 500, global: 100000 };

/**
 * A bare worker process: two plain BullMQ Workers (one per flow, like the product's worker) running
 * BareEnrollment, with no framework around them. Its parent starts it with `BARE_WORKER` settings in the
 * environment and stops it with SIGTERM.
 */
export async function runBareWorker(): Promise<void> {
  const settings = JSON.parse(process.env.BARE_WORKER ?? '') as BareWorkerSettings;
  const keys = new RedisKeys(settings.prefix);
  // As the product's repositories' client (createRedis): independent commands share a round trip.
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const stored = JSON.parse((await redis.get(keys.ca)) ?? 'null') as { certPem: string; encryptedKeyPem: string } | null;
  if (!stored) throw new Error('the bare pipeline CA is not in Redis');
  const ca = CertificateAuthority.load(stored.certPem, stored.encryptedKeyPem, settings.caPassphrase);
  // As EnrollmentModule builds them, with the product's default event retention.
  const devices = new RedisDeviceRepository(redis, keys);
  const repositories = {
    tokens: new RedisBulkTokenRepository(redis, keys),
    requests: new RedisRequestRepository(redis, keys),
    certificates: new RedisCertificateRepository(redis, keys),
    devices,
    enrollments: new RedisMdmEnrollmentRepository(redis, keys, devices),
    events: new RedisEventRepository(redis, keys, EVENT_RETENTION, createJsonLogger('error', 'bare-worker')),
    batches: new RedisBatches(redis),
  };
  const enrollment = new BareEnrollment(repositories, ca, 'http://127.0.0.1/v1/pki/crl');
  const workers = Object.values(BARE_QUEUES).map(
    (queue) =>
      new Worker(queue, (job) => enrollment.run(job.data as BareJob), {
        connection: { url: settings.redisUrl, maxRetriesPerRequest: null },
        prefix: keys.bullPrefix,
        concurrency: settings.concurrency,
      }),
  );
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.send?.('ready');
}
