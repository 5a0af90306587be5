import { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { OpensslWorkspace } from './support/openssl';
import { freePort, TestService } from './support/service';
import { startPrivateRedis } from './support/redis-server';

describe('REDIS_PREFIX', () => {
  const openssl = new OpensslWorkspace();
  let redisPort: number;
  let redisServer: ChildProcess;
  let service: TestService;

  beforeAll(async () => {
    // A private Redis, so that every key in it was written by this instance.
    redisPort = await freePort();
    redisServer = await startPrivateRedis(redisPort);
    service = new TestService('prefix', { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    await service.start(1);
  });

  afterAll(async () => {
    await service.stop();
    redisServer.kill('SIGTERM');
    openssl.dispose();
  });

  it('starts every key the service writes, queues included, with the prefix as a hash tag', async () => {
    const token = await service.userToken('nina@contoso.com');
    const deviceId = '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a';
    const join = await service.api('POST', '/v1/workplace-joins', {
      token,
      body: { deviceId, deviceName: 'PC20', domain: 'contoso.com', osVersion: '6.1.7601', csr: openssl.csr().pem },
    });
    expect((await service.finished(join.body.requestId)).status).toBe('succeeded');
    const leave = await service.api('DELETE', `/v1/workplace-joins/${deviceId}`, { token });
    expect((await service.finished(leave.body.requestId)).status).toBe('succeeded');

    const client = new Redis(redisPort, '127.0.0.1');
    const keys = await client.keys('*');
    await client.quit();
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((key) => !key.startsWith(`{${service.prefix}}:`))).toEqual([]);
    expect(keys.some((key) => key.startsWith(`{${service.prefix}}:bull:workplace-join:`))).toBe(true);
  });
});
