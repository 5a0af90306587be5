import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { RedisBulkTokenRepository } from '@app/enrollment/bulk/bulk-token.repository';
import { BulkTokenService } from '@app/enrollment/bulk/bulk-token.service';
import { SecretBox } from '@app/enrollment/crypto/secret-box';
import { AdfsTokenVerifier } from '@app/enrollment/identity/adfs-token.verifier';
import { DevIdentityProvider } from '@app/enrollment/identity/dev-identity-provider';
import { DevJwksSource } from '@app/enrollment/identity/jwks-source';
import { pooled } from '@app/enrollment/concurrency/pooled';
import { createCaMaterial } from '@app/enrollment/pki/ca-material';
import { enrollmentJobOptions } from '@app/enrollment/queues/job-options';
import { bulkSubject, RedisKeys, workplaceSubject } from '@app/enrollment/redis/redis-keys';
import { RedisRequestRepository } from '@app/enrollment/requests/request.repository';
import { Layout } from '../cli/layout';
import { BENCH_CA_PASSPHRASE } from '../fixtures/bench-ca';
import { DeviceKey } from '../fixtures/device-keys';
import { ChildApp } from '../harness/child-app';
import { BARE_QUEUES, BARE_WORKER_ROLE, BareJob, BareWorkerSettings } from './bare-job';

const ISSUER = 'https://adfs.bench.invalid/adfs';
const AUDIENCE = 'urn:bench:enrollment';
const USERS = 64;
const JOB_OPTIONS = enrollmentJobOptions({ attempts: 6, backoffMs: 1000 });

/**
 * The limit: the product's work without the product. This process plays the orchestrator (it checks
 * each request's token with the product's verifier and bulk token service, records the request with the
 * product's RequestRepository and enqueues one job with plain BullMQ); `layout.workers` child processes run BareEnrollment with `layout.concurrency` per queue,
 * as the product's workers do. Requests are sent with at most `inFlight` unfinished, as the simulator does.
 */
export class BarePipeline {
  private readonly keys: RedisKeys;
  private readonly requests: RedisRequestRepository;
  private readonly workers: ChildApp[] = [];
  private readonly pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private queues: Record<'workplace' | 'bulk', Queue>;
  private events: QueueEvents[] = [];
  private userTokens: string[] = [];
  private bulkToken = '';
  private readonly packageId = randomUUID();
  private runs = 0;

  private constructor(
    private readonly redis: Redis,
    private readonly redisUrl: string,
    private readonly deviceKeys: DeviceKey[],
    readonly prefix: string,
    private readonly verifier: AdfsTokenVerifier,
    private readonly bulkTokens: BulkTokenService,
    private readonly identity: DevIdentityProvider,
  ) {
    this.keys = new RedisKeys(prefix);
    this.requests = new RedisRequestRepository(redis, this.keys);
    const connection = { url: redisUrl };
    this.queues = {
      workplace: new Queue(BARE_QUEUES.workplace, { connection, prefix: this.keys.bullPrefix }),
      bulk: new Queue(BARE_QUEUES.bulk, { connection, prefix: this.keys.bullPrefix }),
    };
  }

  static async start(redisUrl: string, layout: Layout, deviceKeys: DeviceKey[], nodeArgs: string[] = []): Promise<BarePipeline> {
    const prefix = `bare-${randomBytes(4).toString('hex')}`;
    const keys = new RedisKeys(prefix);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
    const identity = new DevIdentityProvider(redis, keys.devIdentityProvider, ISSUER, AUDIENCE, 'upn');
    const verifier = new AdfsTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, upnClaim: 'upn', maxTokenLifetimeS: 86400 }, new DevJwksSource(identity));
    const tokenRepository = new RedisBulkTokenRepository(redis, keys);
    const bulkTokens = new BulkTokenService(tokenRepository, new SecretBox(BENCH_CA_PASSPHRASE, 'bulk-token'));
    const pipeline = new BarePipeline(redis, redisUrl, deviceKeys, prefix, verifier, bulkTokens, identity);
    try {
      await pipeline.boot(layout, nodeArgs);
    } catch (error) {
      await pipeline.stop();
      throw error;
    }
    return pipeline;
  }

  get processes(): Array<{ name: string; pid: number }> {
    return this.workers.map((worker) => ({ name: worker.name, pid: worker.pid }));
  }

  private async boot(layout: Layout, nodeArgs: string[]): Promise<void> {
    const material = await createCaMaterial({ commonName: 'Bare Pipeline CA', validityDays: 30, passphrase: BENCH_CA_PASSPHRASE });
    await this.redis.set(this.keys.ca, JSON.stringify(material));
    this.userTokens = await Promise.all(Array.from({ length: USERS }, (_, i) => this.identity.mint(`user${i}@contoso.com`)));
    this.bulkToken = (await this.bulkTokens.issue({ expiresAt: new Date(Date.now() + 86_400_000) })).token;

    // Completions are read from the start of each queue's event stream, so none can be missed.
    this.events = Object.values(BARE_QUEUES).map(
      (name) => new QueueEvents(name, { connection: { url: this.redisUrl }, prefix: this.keys.bullPrefix, lastEventId: '0-0' }),
    );
    for (const events of this.events) {
      events.on('completed', ({ jobId }) => this.settle(jobId));
      events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, new Error(`bare job ${jobId} failed: ${failedReason}`)));
    }
    await Promise.all(this.events.map((events) => events.waitUntilReady()));

    const settings: BareWorkerSettings = {
      redisUrl: this.redisUrl,
      prefix: this.prefix,
      concurrency: layout.concurrency,
      caPassphrase: BENCH_CA_PASSPHRASE,
    };
    for (let i = 0; i < layout.workers; i++) {
      const child = fork(process.argv[1], [], {
        env: { ...process.env, BENCH_ROLE: BARE_WORKER_ROLE, BARE_WORKER: JSON.stringify(settings) },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        execArgv: [...process.execArgv, ...nodeArgs],
      });
      const worker = new ChildApp(`bare worker ${i + 1}`, child);
      this.workers.push(worker);
      let ready = false;
      child.once('message', (message) => (ready = message === 'ready'));
      await worker.ready(() => ready);
    }
  }

  private settle(jobId: string, error?: Error): void {
    const waiter = this.pending.get(jobId);
    if (!waiter) return;
    this.pending.delete(jobId);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  /** Sends `count` enrollments, half of each flow; returns how long from the first send to the last completion. */
  async run(count: number, inFlight: number): Promise<{ durationMs: number; perSecond: number }> {
    const run = ++this.runs;
    const started = performance.now();
    const enroll = async (index: number) => {
      const job = await this.admit(run, index);
      const owner = job.flow === 'workplace-join' ? `upn:${job.identity.upn}` : `bulk-token:${job.tokenId}`;
      await this.requests.createUnlessInFlight(
        { id: job.requestId, flow: job.flow, owner, deviceObjectId: job.deviceObjectId, subject: {} },
        job.inFlightSubject,
      );
      const done = new Promise<void>((resolve, reject) => this.pending.set(job.requestId, { resolve, reject }));
      const queue = job.flow === 'workplace-join' ? this.queues.workplace : this.queues.bulk;
      await queue.add(job.flow === 'workplace-join' ? 'join' : 'enroll', job, { ...JOB_OPTIONS, jobId: job.requestId });
      await this.requests.confirmQueued(job.requestId);
      await done;
    };
    await pooled(
      Array.from({ length: count }, (_, index) => () => enroll(index)),
      inFlight,
    );
    const durationMs = performance.now() - started;
    return { durationMs, perSecond: count / (durationMs / 1000) };
  }

  /** What the orchestrator does before it enqueues: check the credential, shape the job. */
  private async admit(run: number, index: number): Promise<BareJob> {
    const csr = this.deviceKeys[index % this.deviceKeys.length].csrPem;
    const requestId = randomUUID();
    if (index % 2 === 0) {
      const identity = await this.verifier.verify(this.userTokens[(index / 2) % USERS]);
      const deviceId = randomUUID();
      return {
        flow: 'workplace-join',
        requestId,
        inFlightSubject: workplaceSubject(identity.upn, deviceId),
        deviceObjectId: randomUUID(),
        deviceId,
        deviceName: `PC${run}-${index}`.slice(0, 15),
        domain: 'contoso.com',
        osVersion: '6.1.7601',
        csr,
        identity,
      };
    }
    const token = await this.bulkTokens.authenticate(this.bulkToken);
    const serialNumber = `BARE${run}X${index}`;
    return {
      flow: 'bulk-enrollment',
      requestId,
      inFlightSubject: bulkSubject(this.packageId, serialNumber),
      deviceObjectId: randomUUID(),
      packageId: this.packageId,
      tokenId: token.id,
      serialNumber,
      osVersion: '10.0.19045',
      csr,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await Promise.all([...this.events, ...Object.values(this.queues)].map((closable) => closable.close()));
    this.redis.disconnect();
  }
}
