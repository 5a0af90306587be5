import { freePort, REDIS_URL, spawnApp } from './support/service';

describe('start-up', () => {
  it.each(['orchestrator', 'worker'] as const)(
    '%s stops with one clear paragraph when Redis does not answer',
    async (app) => {
      const port = await freePort();
      const process = spawnApp(app, { REDIS_URL: `redis://127.0.0.1:${port}`, PORT: String(await freePort()) });
      expect(await process.exited).toBe(1);
      expect(process.output).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
      expect(process.output).toContain('redis-server');
      expect(process.output).toContain('REDIS_URL');
      expect(process.output).not.toMatch(/\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    },
  );

  it.each([
    ['orchestrator', { PORT: 'abc' }, 'PORT'],
    ['orchestrator', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    ['worker', { WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
    ['orchestrator', { NODE_ENV: 'production' }, 'ADFS_ISSUER'],
    ['worker', { NODE_ENV: 'production', FAULT_HANG_AFTER_STEP: 'authenticate' }, 'FAULT_HANG_AFTER_STEP'],
  ] as const)('%s refuses %j, naming %s', async (app, env, variable) => {
    const process = spawnApp(app, { REDIS_URL, REDIS_PREFIX: 'e2e-startup', ...env });
    expect(await process.exited).toBe(1);
    expect(process.output).toContain('Invalid configuration');
    expect(process.output).toContain(`${variable}:`);
  });
});
