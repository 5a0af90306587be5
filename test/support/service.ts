import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { connect, RedisClient, RedisKeys } from '@app/enrollment';
import { freePort } from './free-port';
import { waitFor } from './wait';

export { freePort };

const ROOT = join(__dirname, '..', '..');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A running app process and every line it printed, for assertions and for waiting on readiness. */
export class AppProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get output(): string {
    return this.lines.join('\n');
  }

  waitForLine(pattern: RegExp, timeoutMs = 30000): Promise<string> {
    return waitFor(() => this.lines.find((line) => pattern.test(line)), { timeoutMs, what: `a line matching ${pattern}` });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

/** Starts one built app (`orchestrator` or `worker`) with the given environment. */
export function spawnApp(app: 'orchestrator' | 'worker', env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', app, 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new AppProcess(child);
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/**
 * One orchestrator and any number of workers on a private REDIS_PREFIX and a free port, so test files
 * run in parallel and beside a running service.
 */
export class TestService {
  readonly adminKey = `test-admin-${randomBytes(18).toString('hex')}`;
  /** REDIS_PREFIX of this instance; `keyNames` spells its keys as the service does. */
  readonly prefix: string;
  readonly keyNames: RedisKeys;
  readonly redisUrl: string;
  readonly cluster: boolean;
  readonly redis: RedisClient;
  orchestrator!: AppProcess;
  readonly workers: AppProcess[] = [];
  private readonly extraOrchestrators: AppProcess[] = [];
  baseUrl = '';
  private port = 0;

  constructor(
    name: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.prefix = `e2e-${name}-${randomBytes(4).toString('hex')}`;
    this.keyNames = new RedisKeys(this.prefix);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
    this.redisUrl = extraEnv.REDIS_URL ?? REDIS_URL;
    this.cluster = extraEnv.REDIS_CLUSTER === 'true';
    this.redis = connect({ url: this.redisUrl, cluster: this.cluster }, { maxRetriesPerRequest: 3 });
  }

  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.prefix,
      PORT: String(this.port),
      PUBLIC_URL: `http://127.0.0.1:${this.port}`,
      ADMIN_API_KEYS: this.adminKey,
      CA_PASSPHRASE: 'test-ca-passphrase-0123456789',
      JOB_BACKOFF_MS: '100',
      // Tests poll hard with one admin key; the limit itself has its own test.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...this.extraEnv,
      ...overrides,
    };
  }

  async start(workers = 1, orchestratorEnv: Record<string, string> = {}): Promise<this> {
    this.port = await freePort();
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    await this.launchOrchestrator(orchestratorEnv);
    for (let i = 0; i < workers; i++) await this.startWorker();
    return this;
  }

  /** Stops the orchestrator if it still runs (it may have crashed) and starts it again on the same port. */
  async restartOrchestrator(overrides: Record<string, string> = {}): Promise<void> {
    await this.orchestrator.stop();
    await this.launchOrchestrator(overrides);
  }

  private async launchOrchestrator(overrides: Record<string, string>): Promise<void> {
    const orchestrator = (this.orchestrator = spawnApp('orchestrator', this.env(overrides)));
    await Promise.race([
      waitFor(async () => ((await fetch(`${this.baseUrl}/v1/pki/ca.pem`)).ok ? true : undefined), {
        what: 'the orchestrator to answer',
      }),
      orchestrator.exited.then((code) => {
        throw new Error(`orchestrator exited with ${code}:\n${orchestrator.output}`);
      }),
    ]);
  }

  /** Another orchestrator on the same Redis and prefix, on its own port; returns its base URL. */
  async startOrchestrator(): Promise<string> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    this.extraOrchestrators.push(spawnApp('orchestrator', this.env({ PORT: String(port) })));
    await waitFor(async () => ((await fetch(`${url}/health/live`)).ok ? true : undefined), { what: 'another orchestrator' });
    return url;
  }

  async startWorker(overrides: Record<string, string> = {}): Promise<AppProcess> {
    const worker = spawnApp('worker', this.env(overrides));
    this.workers.push(worker);
    await Promise.race([
      worker.waitForLine(/"worker ready"/),
      worker.exited.then((code) => {
        throw new Error(`worker exited with ${code}:\n${worker.output}`);
      }),
    ]);
    return worker;
  }

  async api<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    } else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  admin<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.api<T>(method, path, { token: this.adminKey, body });
  }

  /** A user token from the development identity provider. */
  async userToken(upn: string): Promise<string> {
    const response = await this.api('POST', '/dev/adfs/token', { body: { upn } });
    if (response.status !== 200) throw new Error(`token: ${response.status} ${response.text}`);
    return response.body.access_token;
  }

  /** Polls the request until it is finished (succeeded or failed). */
  async finished(requestId: string, timeoutMs = 30000): Promise<any> {
    return waitFor(
      async () => {
        const { body } = await this.admin('GET', `/v1/requests/${requestId}`);
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      },
      { timeoutMs, what: `request ${requestId} to finish` },
    );
  }

  /** Job counts of a queue of this instance, read straight from Redis. */
  async jobCounts(queueName: string): Promise<Record<string, number>> {
    const queue = new Queue(queueName, { connection: this.redis, prefix: this.keyNames.bullPrefix });
    try {
      return await queue.getJobCounts();
    } finally {
      await queue.close();
    }
  }

  /** Keys of this instance matching `pattern` (after `{prefix}:`), from every node of a cluster. */
  async keys(pattern: string): Promise<string[]> {
    const found: string[] = [];
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', `${this.keyNames.root}:${pattern}`, 'COUNT', 1000);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
    }
    return found;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers, ...this.extraOrchestrators, this.orchestrator].filter(Boolean).map((app) => app.stop()));
    const keys = await this.keys('*');
    for (let i = 0; i < keys.length; i += 500) await this.redis.unlink(...keys.slice(i, i + 500));
    await this.redis.quit();
  }
}
