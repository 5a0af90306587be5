import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { BULK_ENROLLMENT_QUEUE } from '@app/enrollment/queues/bulk-enrollment.queue';
import { WORKPLACE_JOIN_QUEUE } from '@app/enrollment/queues/workplace-join.queue';
import { RedisKeys } from '@app/enrollment/redis/redis-keys';
import { formatLayout, Layout } from '../cli/layout';
import { BENCH_CA_PASSPHRASE } from '../fixtures/bench-ca';
import { ChildApp } from './child-app';
import { freePort } from '../../../test/support/free-port';
import { REPO_ROOT } from './repo-root';

/** The environment every process of the service under test gets; the report prints it (without secrets). */
export const SERVICE_ENV = {
  NODE_ENV: 'development',
  // info would write one JSON line per diagnostics event, and the benchmark would measure logging
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '100000000',
  // Simulated devices present their certificate to the management server in X-Client-Certificate, as a
  // TLS-terminating proxy on this host would.
  TRUSTED_PROXY_CIDRS: '127.0.0.1/32',
} as const;

export interface ServiceOptions {
  redisUrl: string;
  layout: Layout;
  /** More environment for every process (WORKER_CONCURRENCY comes from the layout). */
  env?: Record<string, string>;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/**
 * The built orchestrator and worker apps as child processes, on a private REDIS_PREFIX and free ports,
 * started the way an operator would run them on one machine.
 */
export class ServiceUnderTest {
  readonly adminKey = `bench-admin-${randomBytes(18).toString('hex')}`;
  readonly prefix = `bench-${randomBytes(4).toString('hex')}`;
  readonly keys = new RedisKeys(this.prefix);
  readonly baseUrls: string[] = [];
  private readonly apps: ChildApp[] = [];

  private constructor(private readonly options: ServiceOptions) {}

  static async start(options: ServiceOptions): Promise<ServiceUnderTest> {
    const service = new ServiceUnderTest(options);
    try {
      await service.boot();
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  get layout(): Layout {
    return this.options.layout;
  }

  /** Every process of the service, named as the report shows them. */
  get processes(): Array<{ name: string; pid: number }> {
    return this.apps.map((app) => ({ name: app.name, pid: app.pid }));
  }

  private env(port: number): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      ...SERVICE_ENV,
      REDIS_URL: this.options.redisUrl,
      REDIS_PREFIX: this.prefix,
      PORT: String(port),
      // workers write the first orchestrator's CRL URL into certificates, as README asks of an operator
      PUBLIC_URL: this.baseUrls[0] ?? `http://127.0.0.1:${port}`,
      ADMIN_API_KEYS: this.adminKey,
      CA_PASSPHRASE: BENCH_CA_PASSPHRASE,
      WORKER_CONCURRENCY: String(this.options.layout.concurrency),
      ...this.options.env,
    };
  }

  private spawn(app: 'orchestrator' | 'worker', port: number, index: number): ChildApp {
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), join(REPO_ROOT, 'dist', 'apps', app, 'main.js')], {
      cwd: REPO_ROOT,
      env: this.env(port),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new ChildApp(`${app} ${index + 1}`, child);
    this.apps.push(started);
    return started;
  }

  private async boot(): Promise<void> {
    const { orchestrators, workers } = this.options.layout;
    // The first orchestrator creates the CA; the others and the workers load it.
    for (let i = 0; i < orchestrators; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = this.spawn('orchestrator', port, i);
      await app.ready(async () => (await fetch(`${url}/health/ready`)).ok);
      this.baseUrls.push(url);
    }
    const started = Array.from({ length: workers }, (_, i) => this.spawn('worker', 0, i));
    const queues = [WORKPLACE_JOIN_QUEUE, BULK_ENROLLMENT_QUEUE].map(
      (name) => new Queue(name, { connection: { url: this.options.redisUrl }, prefix: this.keys.bullPrefix }),
    );
    try {
      // At LOG_LEVEL=warn a worker prints nothing when ready: its BullMQ connections say it instead.
      await Promise.all(
        started.map((app) =>
          app.ready(async () => {
            const counts = await Promise.all(queues.map((queue) => queue.getWorkersCount()));
            return counts.every((count) => count >= workers);
          }),
        ),
      );
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
    }
  }

  describe(): string {
    return formatLayout(this.options.layout);
  }

  /**
   * SIGTERM, as an operator stops it; what is still running after a short grace gets SIGKILL, since
   * nothing of a finished measurement is left to save.
   */
  async stop(graceMs = 1000): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop('SIGTERM', graceMs)));
  }
}
