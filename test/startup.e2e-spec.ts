import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:net';
import { startPrivateRedis } from './support/redis-server';
import { AppProcess, freePort, REDIS_URL, spawnApp, TestService } from './support/service';

/** The process stopped with exit code 1 within `timeoutMs`, saying each of `lines`, and printed no stack trace. */
async function expectRefusal(app: AppProcess, lines: string[], timeoutMs = 20000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'still running'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'still running')));
  const code = await Promise.race([app.exited, deadline]);
  clearTimeout(timer);
  if (code === 'still running') await app.stop('SIGKILL');
  expect(code).toBe(1);
  for (const line of lines) expect(app.output).toContain(line);
  // A stack frame, in plain text or inside a JSON log line.
  expect(app.output).not.toContain('    at ');
}

/** A complete production environment on the shared Redis; each test spoils one piece of it. */
async function production(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    REDIS_URL,
    REDIS_PREFIX: `e2e-startup-${randomBytes(4).toString('hex')}`,
    PORT: String(await freePort()),
    PUBLIC_URL: 'https://enroll.contoso.test',
    ADMIN_API_KEYS: randomBytes(18).toString('hex'),
    CA_PASSPHRASE: randomBytes(12).toString('hex'),
    ADFS_ISSUER: 'https://adfs.contoso.test/adfs',
    ADFS_AUDIENCE: 'urn:enrollment-orchestrator',
    ADFS_JWKS_URL: 'https://adfs.contoso.test/adfs/discovery/keys',
    ...overrides,
  };
}

describe('start-up', () => {
  it.each(['orchestrator', 'worker'] as const)('%s stops with one clear paragraph when Redis does not answer', async (app) => {
    const port = await freePort();
    const process = spawnApp(app, { REDIS_URL: `redis://127.0.0.1:${port}`, PORT: String(await freePort()) });
    expect(await process.exited).toBe(1);
    expect(process.output).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(process.output).toContain('redis-server');
    expect(process.output).toContain('REDIS_URL');
    expect(process.output).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  });

  it.each([
    ['orchestrator', { PORT: 'abc' }, 'PORT: "abc" is not a whole number from 0 to 65535'],
    ['orchestrator', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL:'],
    ['worker', { WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY: "0" is not a whole number of 1 or more'],
    ['orchestrator', { NODE_ENV: 'production' }, 'ADFS_ISSUER:'],
    ['worker', { NODE_ENV: 'production', FAULT_HANG_AFTER_STEP: 'authenticate' }, 'FAULT_HANG_AFTER_STEP:'],
  ] as const)('%s refuses %j, saying %s', async (app, env, says) => {
    const process = spawnApp(app, { REDIS_URL, REDIS_PREFIX: 'e2e-startup', ...env });
    await expectRefusal(process, ['Invalid configuration', says]);
  });

  it.each(['orchestrator', 'worker'] as const)('%s refuses a production PUBLIC_URL on localhost', async (app) => {
    const process = spawnApp(app, await production({ PUBLIC_URL: 'http://localhost:3000' }));
    await expectRefusal(process, ['Invalid configuration', 'PUBLIC_URL: "http://localhost:3000"', 'CRL']);
  });

  describe('with its port held by another process', () => {
    let holder: Server;
    let port: number;

    beforeAll(async () => {
      // Listening on every address, as the orchestrator does.
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, resolve));
      port = (holder.address() as { port: number }).port;
    });
    afterAll(() => new Promise((resolve) => holder.close(resolve)));

    it('the orchestrator names the port and how to choose another', async () => {
      // It boots before it listens, writing keys, so it runs on a prefix of its own that is removed after.
      const service = new TestService('startup-port');
      try {
        const process = spawnApp('orchestrator', service.env({ PORT: String(port) }));
        await expectRefusal(process, [`Port ${port} is already in use`, 'another process', 'PORT=']);
      } finally {
        await service.stop();
      }
    });
  });

  describe('with a CA made under another passphrase', () => {
    const passphrase = () => `e2e-ca-${randomBytes(12).toString('hex')}`;
    let service: TestService;

    afterEach(() => service.stop());

    it('the orchestrator says the CA was made with the development default, and what to do', async () => {
      service = new TestService('startup-ca');
      await service.startWorker({ CA_PASSPHRASE: '' });
      await service.workers[0].stop();
      const other = passphrase();

      const process = spawnApp('orchestrator', service.env({ CA_PASSPHRASE: other }));

      await expectRefusal(process, [
        `The CA under REDIS_PREFIX=${service.prefix}`,
        'development default passphrase',
        'another REDIS_PREFIX',
        'development only',
      ]);
      expect(process.output.includes(other)).toBe(false);
    });

    it('the worker says only that the passphrase is another, when it is not the development default', async () => {
      const made = passphrase();
      service = new TestService('startup-ca');
      await service.startWorker({ CA_PASSPHRASE: made });
      await service.workers[0].stop();
      const other = passphrase();

      const process = spawnApp('worker', service.env({ CA_PASSPHRASE: other }));

      await expectRefusal(process, [`The CA under REDIS_PREFIX=${service.prefix}`, 'another passphrase', 'another REDIS_PREFIX']);
      expect(process.output).not.toContain('development default');
      expect(process.output.includes(made) || process.output.includes(other)).toBe(false);
    });
  });

  describe('on a Redis that evicts keys (maxmemory-policy allkeys-lru)', () => {
    let redisServer: ChildProcess;
    let redisUrl: string;

    beforeAll(async () => {
      const port = await freePort();
      redisServer = await startPrivateRedis(port, 'allkeys-lru');
      redisUrl = `redis://127.0.0.1:${port}`;
    });
    afterAll(() => redisServer.kill('SIGKILL'));

    it.each(['orchestrator', 'worker'] as const)('%s refuses to start in production, saying how to fix Redis', async (app) => {
      const process = spawnApp(app, await production({ REDIS_URL: redisUrl }));
      await expectRefusal(process, [`Redis at ${redisUrl} has maxmemory-policy allkeys-lru`, 'CONFIG SET maxmemory-policy noeviction', 'redis.conf']);
    });

    it('the orchestrator starts outside production and warns', async () => {
      const service = new TestService('startup-evict', { REDIS_URL: redisUrl });
      try {
        await service.start(0);
        await service.orchestrator.waitForLine(/!! orchestrator: Redis at .* has maxmemory-policy allkeys-lru/, 10000);
        expect(service.orchestrator.output).toContain('CONFIG SET maxmemory-policy noeviction');
      } finally {
        await service.stop();
      }
    });
  });
});
