import { Worker } from 'bullmq';
import Redis from 'ioredis';
import { RedisBulkTokenRepository } from '@app/enrollment/bulk/bulk-token.repository';
import { CertificateAuthority } from '@app/enrollment/pki/certificate-authority';
import { RedisKeys } from '@app/enrollment/redis/redis-keys';
import { BareEnrollment } from './bare-enrollment';
import { BARE_QUEUES, BareJob, BareWorkerSettings } from './bare-job';

/**
 * A bare worker process: two plain BullMQ Workers (one per flow, like the product's worker) running
 * BareEnrollment, with no framework around them. Its parent starts it with `BARE_WORKER` settings in the
 * environment and stops it with SIGTERM.
 */
export async function runBareWorker(): Promise<void> {
  const settings = JSON.parse(process.env.BARE_WORKER ?? '') as BareWorkerSettings;
  const keys = new RedisKeys(settings.prefix);
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 3 });
  const stored = JSON.parse((await redis.get(keys.ca)) ?? 'null') as { certPem: string; encryptedKeyPem: string } | null;
  if (!stored) throw new Error('the bare pipeline CA is not in Redis');
  const ca = CertificateAuthority.load(stored.certPem, stored.encryptedKeyPem, settings.caPassphrase);
  const enrollment = new BareEnrollment(redis, keys, ca, new RedisBulkTokenRepository(redis, keys), 'http://127.0.0.1/v1/pki/crl');
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
