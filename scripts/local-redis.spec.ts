import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { ensureLocalRedis, LocalRedis, redisAnswers } from './local-redis';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(ensureLocalRedis.name, () => {
  const sut = ensureLocalRedis;
  let dir: string;
  let started: LocalRedis | undefined;
  const said: string[] = [];
  const say = (line: string) => said.push(line);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eo-local-redis-'));
    said.length = 0;
  });
  afterEach(async () => {
    await started?.stop();
    started = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts redis-server where nothing answers: append-only, noeviction, its data in the folder given, and says so', async () => {
    const port = await freePort();
    started = await sut({ env: {}, dir: join(dir, 'redis'), say, port });

    expect(started!.url).toBe(`redis://127.0.0.1:${port}`);
    const client = new Redis(port, '127.0.0.1');
    try {
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      await client.set('kept', 'yes');
    } finally {
      await client.quit();
    }
    expect(said).toEqual([expect.stringContaining(`No Redis answered on 127.0.0.1:${port}, so redis-server was started there`)]);
    expect(readdirSync(join(dir, 'redis')).length).toBeGreaterThan(0);

    await started!.stop();
    expect(await redisAnswers(port)).toBe(false);
    started = await sut({ env: {}, dir: join(dir, 'redis'), say, port });
    const again = new Redis(port, '127.0.0.1');
    try {
      expect(await again.get('kept')).toBe('yes');
    } finally {
      await again.quit();
    }
  });

  it('leaves alone a Redis that answers, and a REDIS_URL that is set', async () => {
    const running = await sut({ env: {}, dir: join(dir, 'a'), say, port: await freePort() });
    started = running;
    const port = Number(new URL(running!.url).port);

    expect(await sut({ env: {}, dir: join(dir, 'b'), say, port })).toBeUndefined();
    expect(await sut({ env: { REDIS_URL: 'redis://redis.internal:6379' }, dir: join(dir, 'c'), say, port: await freePort() })).toBeUndefined();
    expect(existsSync(join(dir, 'b')) || existsSync(join(dir, 'c'))).toBe(false);
  });

  it("says in the server's own words why it could not start", async () => {
    const blocker: Server = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(sut({ env: {}, dir: join(dir, 'redis'), say, port })).rejects.toThrow(`redis-server did not start on port ${port}`);
    } finally {
      blocker.close();
    }
  });
});
