import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHook } from '@app/enrollment';
import { version } from '../package.json';
import { OpensslWorkspace } from './support/openssl';
import { startPrivateRedis } from './support/redis-server';
import { freePort, TestService } from './support/service';
import { waitFor } from './support/wait';

/** Samples of a Prometheus text exposition, as `name{labels}` → value. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

describe('health and metrics', () => {
  const openssl = new OpensslWorkspace();
  afterAll(() => openssl.dispose());

  describe('on a private Redis that is then stopped', () => {
    let redisServer: ChildProcess;
    let service: TestService;

    beforeAll(async () => {
      const port = await freePort();
      redisServer = await startPrivateRedis(port, 'noeviction');
      service = new TestService('health', { REDIS_URL: `redis://127.0.0.1:${port}` });
      await service.start(1);
    });
    afterAll(async () => {
      redisServer.kill('SIGKILL');
      await Promise.all([...service.workers, service.orchestrator].map((app) => app.stop('SIGKILL')));
      service.redis.disconnect();
    });

    it('is live and ready, then not ready once Redis stops, while still live', async () => {
      expect((await service.api('GET', '/health/live')).status).toBe(200);
      const ready = await service.api('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info.redis).toMatchObject({ status: 'up', maxmemoryPolicy: 'noeviction' });

      redisServer.kill('SIGKILL');
      const down = await waitFor(async () => {
        const response = await service.api('GET', '/health/ready');
        return response.status === 503 ? response : undefined;
      });
      expect(down.body.error.redis.status).toBe('down');
      expect((await service.api('GET', '/health/live')).status).toBe(200);
    });
  });

  it('is not ready on a Redis that may evict keys', async () => {
    const port = await freePort();
    const redisServer = await startPrivateRedis(port, 'allkeys-lru');
    const service = new TestService('evict', { REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      await service.start(0);
      const ready = await service.api('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.redis).toMatchObject({ status: 'down', maxmemoryPolicy: 'allkeys-lru' });
    } finally {
      await service.stop();
      redisServer.kill('SIGKILL');
    }
  });

  describe('/metrics', () => {
    const hookSecret = 'metrics-hook-secret-0123456789abcdef';
    const service = new TestService('metrics', { SCCM_HOOK_SECRET: hookSecret });
    beforeAll(() => service.start(1));
    afterAll(() => service.stop());

    it('exposes queue depths, step durations, outcomes by code and intake per flow', async () => {
      const token = await service.userToken('olga@contoso.com');
      const body = (deviceId: string, csr: string) => ({ deviceId, deviceName: 'PC9', domain: 'contoso.com', osVersion: '6.1.7601', csr });
      const ok = await service.api('POST', '/v1/workplace-joins', { token, body: body('1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', openssl.csr().pem) });
      const bad = await service.api('POST', '/v1/workplace-joins', { token, body: body('2b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', 'garbage') });
      await service.finished(ok.body.requestId);
      await service.finished(bad.body.requestId);

      const response = await service.api('GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const samples = parsePrometheus(response.text);
      expect(samples.get('eo_requests_received_total{flow="workplace-join",result="accepted"}')).toBe(2);
      expect(samples.get('eo_request_outcomes_total{flow="workplace-join",status="succeeded",code=""}')).toBe(1);
      expect(samples.get('eo_request_outcomes_total{flow="workplace-join",status="failed",code="CSR_MALFORMED"}')).toBe(1);
      const issued = 'flow="workplace-join",step="issue-certificate",outcome="succeeded"';
      expect(samples.get(`eo_step_duration_seconds_count{${issued}}`)).toBe(1);
      expect(samples.get(`eo_step_duration_seconds_bucket{${issued},le="+Inf"}`)).toBe(1);
      expect(samples.get(`eo_step_duration_seconds_sum{${issued}}`)).toBeGreaterThan(0);
      const completed = await waitFor(async () => {
        const value = parsePrometheus((await service.api('GET', '/metrics')).text).get('eo_queue_jobs{queue="workplace-join",state="completed"}');
        return value === 1 ? value : undefined;
      });
      expect(completed).toBe(1);
      expect(samples.get('eo_queue_jobs{queue="bulk-enrollment",state="waiting"}')).toBe(0);
    });

    it('counts every refusal at intake with its flow and error code, and nothing refused elsewhere', async () => {
      const token = await service.userToken('rita@contoso.com');
      const join = { deviceId: randomUUID(), deviceName: 'PC7', domain: 'contoso.com', osVersion: '6.1.7601', csr: openssl.csr().pem };
      const hook = JSON.stringify({ eventId: `evt-${randomUUID()}`, action: 'workplace-join', userPrincipalName: 'rita@contoso.com', ...join });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const refusals: Array<[Promise<{ status: number }>, number]> = [
        [service.api('POST', '/v1/workplace-joins', { body: join }), 401],
        [service.api('POST', '/v1/workplace-joins', { token, body: { ...join, csr: undefined } }), 400],
        [service.api('POST', '/v1/workplace-joins', { token, rawBody: JSON.stringify({ ...join, csr: 'x'.repeat(70_000) }) }), 413],
        [
          service.api('POST', '/v1/workplace-joins', { token, rawBody: JSON.stringify(join), headers: { 'content-type': 'application/json; charset=latin1' } }),
          415,
        ],
        [service.api('DELETE', `/v1/workplace-joins/${randomUUID()}`, { token }), 404],
        [service.api('POST', '/v1/bulk-enrollments', { token: 'not-a-bulk-token', body: {} }), 401],
        [
          service.api('POST', '/v1/hooks/sccm', {
            rawBody: hook,
            headers: { 'x-signature-timestamp': timestamp, 'x-signature': signHook('wrong', timestamp, hook) },
          }),
          401,
        ],
        // Refusals of other endpoints are not intake.
        [service.api('GET', '/v1/devices'), 401],
        [service.api('GET', `/v1/requests/${randomUUID()}`, { token }), 404],
      ];
      for (const [response, status] of refusals) expect((await response).status).toBe(status);

      const samples = parsePrometheus((await service.api('GET', '/metrics')).text);
      const refused = [...samples].filter(([name]) => name.startsWith('eo_requests_received_total{') && name.includes('result="refused"'));
      expect(Object.fromEntries(refused)).toEqual({
        'eo_requests_received_total{flow="workplace-join",result="refused",code="TOKEN_MISSING"}': 1,
        'eo_requests_received_total{flow="workplace-join",result="refused",code="VALIDATION_FAILED"}': 1,
        'eo_requests_received_total{flow="workplace-join",result="refused",code="PAYLOAD_TOO_LARGE"}': 1,
        'eo_requests_received_total{flow="workplace-join",result="refused",code="CHARSET_UNSUPPORTED"}': 1,
        'eo_requests_received_total{flow="workplace-leave",result="refused",code="DEVICE_NOT_FOUND"}': 1,
        'eo_requests_received_total{flow="bulk-enrollment",result="refused",code="BULK_TOKEN_INVALID"}': 1,
        'eo_requests_received_total{flow="workplace-join",result="refused",code="HOOK_SIGNATURE_INVALID"}': 1,
      });
      expect(samples.get('eo_requests_received_total{flow="workplace-join",result="accepted"}')).toBe(2);
    });
  });

  describe('OpenAPI', () => {
    const service = new TestService('openapi');
    beforeAll(() => service.start(0));
    afterAll(() => service.stop());

    it('documents every public endpoint with its credential and request bodies, from the code', async () => {
      expect((await service.api('GET', '/docs')).status).toBe(200);
      const document = (await service.api('GET', '/docs-json')).body;
      const paths = document.paths as Record<string, Record<string, any>>;
      for (const path of [
        '/v1/workplace-joins',
        '/v1/workplace-joins/{deviceId}',
        '/v1/bulk-tokens',
        '/v1/bulk-tokens/{id}',
        '/v1/provisioning-packages',
        '/v1/provisioning-packages/{id}/customizations.xml',
        '/v1/bulk-enrollments',
        '/v1/requests/{requestId}',
        '/v1/devices',
        '/v1/devices/{id}/events',
        '/v1/devices/{id}/commands',
        '/v1/devices/{id}/commands/{commandId}',
        '/v1/devices/{id}/commands/reboot',
        '/v1/devices/{id}/commands/policy',
        '/v1/devices/{id}/enrollment',
        '/v1/events',
        '/v1/events/stream',
        '/v1/hooks/sccm',
        '/v1/pki/ca.pem',
        '/v1/pki/crl',
        '/health/ready',
        '/metrics',
      ]) {
        expect(Object.keys(paths)).toContain(path);
      }
      const publicPaths = ['/v1/pki/ca.pem', '/v1/pki/crl'];
      for (const [path, operations] of Object.entries(paths)) {
        if (!path.startsWith('/v1/') || publicPaths.includes(path)) continue;
        for (const operation of Object.values(operations)) expect(operation.security?.length).toBeGreaterThan(0);
      }
      expect(paths['/v1/bulk-enrollments'].post.security).toEqual([{ 'bulk-token': [] }]);
      expect(paths['/v1/hooks/sccm'].post.security).toEqual([{ 'sccm-signature': [] }]);
      const joinBody = paths['/v1/workplace-joins'].post.requestBody.content['application/json'].schema;
      expect(joinBody.required).toEqual(expect.arrayContaining(['deviceId', 'deviceName', 'domain', 'osVersion', 'csr']));
    });

    it('describes what each endpoint answers: a schema for its success, the error shape for its refusals', async () => {
      const document = (await service.api('GET', '/docs-json')).body;
      const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation.responses ?? {}] as const),
      );
      const schemasOf = (response: any) =>
        Object.values(response.content ?? {})
          .map((media: any) => media.schema)
          .filter(Boolean);

      expect(operations.length).toBeGreaterThan(20);
      for (const [operation, responses] of operations) {
        const described = Object.entries(responses).filter(([status, response]) => status !== 'default' && schemasOf(response).length > 0);
        expect([operation, described.length > 0]).toEqual([operation, true]);
        for (const [status, response] of Object.entries<any>(responses)) {
          // Readiness answers 503 with Terminus' report, which probes read as it is.
          if (Number(status) < 400 || `${operation} ${status}` === 'GET /health/ready 503') continue;
          expect([operation, status, schemasOf(response)]).toEqual([operation, status, [{ $ref: '#/components/schemas/Error' }]]);
        }
      }
      expect(document.components.schemas.Error).toMatchObject({
        properties: { error: { properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      });
      // Every reference resolves.
      const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) expect(Object.keys(document.components.schemas)).toContain(JSON.parse(ref).split('/').pop());

      const join = document.paths['/v1/workplace-joins'].post.responses;
      expect(Object.keys(join)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '409', '413', '415', '429']));
      expect(join['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AcceptedRequest' });
    });

    it('calls only user tokens JWTs, and carries the package version', async () => {
      const document = (await service.api('GET', '/docs-json')).body;
      const schemes = document.components.securitySchemes;

      expect(document.info.version).toBe(version);
      expect(schemes['adfs-token']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      for (const opaque of ['admin-key', 'bulk-token']) {
        expect(schemes[opaque]).toMatchObject({ type: 'http', scheme: 'bearer' });
        expect(schemes[opaque].bearerFormat).toBeUndefined();
      }
    });
  });

  it('has a worker write WORKER_HEALTH_FILE while it works, for container healthchecks, and remove it when it stops', async () => {
    const service = new TestService('heartbeat');
    const dir = mkdtempSync(join(tmpdir(), 'eo-heartbeat-'));
    const healthFile = join(dir, 'worker-health');
    try {
      await service.start(0);
      const worker = await service.startWorker({ WORKER_HEALTH_FILE: healthFile });
      const written = await waitFor(() => (existsSync(healthFile) ? Date.parse(readFileSync(healthFile, 'utf8')) : undefined));
      expect(Date.now() - written).toBeLessThan(30_000);
      await worker.stop('SIGTERM');
      expect(existsSync(healthFile)).toBe(false);
    } finally {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('rate limits', () => {
    // The orchestrators trust 127.0.0.1 as a proxy, so each test names its own client in X-Forwarded-For.
    const service = new TestService('ratelimit', { RATE_LIMIT_PER_MINUTE: '5', TRUSTED_PROXY_CIDRS: '127.0.0.1/32' });
    let secondUrl: string;

    beforeAll(async () => {
      await service.start(0);
      secondUrl = await service.startOrchestrator();
    });
    afterAll(() => service.stop());

    /** 12 requests span at most two one-minute windows, so one window sees at least 6: over the limit of 5. */
    async function twelve(send: (i: number) => Promise<Response>): Promise<Response[]> {
      const responses: Response[] = [];
      for (let i = 0; i < 12; i++) responses.push(await send(i));
      return responses;
    }

    async function expectLimited(responses: Response[], otherwise: number) {
      const limited = responses.filter((response) => response.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(2);
      expect(responses.filter((response) => response.status === otherwise).length).toBeLessThanOrEqual(10);
      expect(limited.length + responses.filter((response) => response.status === otherwise).length).toBe(12);
      for (const response of limited) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await response.json()).error.code).toBe('RATE_LIMITED');
      }
    }

    it('holds one admin key to its limit across two orchestrators, answering 429 with Retry-After', async () => {
      const responses = await twelve((i) =>
        fetch(`${i % 2 ? secondUrl : service.baseUrl}/v1/devices`, {
          headers: { authorization: `Bearer ${service.adminKey}`, 'x-forwarded-for': `198.51.100.${i}` },
        }),
      );
      await expectLimited(responses, 200);
      // Another client is not affected, and health is never limited.
      expect((await fetch(`${service.baseUrl}/v1/pki/ca.pem`, { headers: { 'x-forwarded-for': '198.51.100.99' } })).status).toBe(200);
      expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    });

    it('holds one user to the limit however many fresh tokens they bring, from however many addresses', async () => {
      const upn = `mallory-${randomUUID().slice(0, 8)}@contoso.com`;
      const tokens = await Promise.all(Array.from({ length: 12 }, () => service.userToken(upn)));
      expect(new Set(tokens).size).toBe(12);
      const responses = await twelve((i) =>
        fetch(`${service.baseUrl}/v1/requests/${randomUUID()}`, { headers: { authorization: `Bearer ${tokens[i]}`, 'x-forwarded-for': `203.0.113.${i}` } }),
      );
      await expectLimited(responses, 404);
    });

    it('counts refused credentials against the client address, keeping one counter however many junk tokens arrive', async () => {
      const countersBefore = (await service.keys('ratelimit:*')).length;
      const responses = await twelve((i) =>
        fetch(`${service.baseUrl}/v1/devices`, {
          headers: { authorization: `Bearer junk-${randomUUID()}.${i}.x`, 'x-forwarded-for': '192.0.2.10' },
        }),
      );
      await expectLimited(responses, 401);
      // At most two windows of one address: the junk itself made no counter.
      expect((await service.keys('ratelimit:*')).length - countersBefore).toBeLessThanOrEqual(2);
      // Once over, even a good credential from that address waits; from elsewhere it goes through.
      const sameAddress = await fetch(`${service.baseUrl}/v1/devices`, {
        headers: { authorization: `Bearer ${service.adminKey}`, 'x-forwarded-for': '192.0.2.10' },
      });
      const otherAddress = await fetch(`${service.baseUrl}/v1/pki/ca.pem`, { headers: { 'x-forwarded-for': '192.0.2.11' } });
      expect([sameAddress.status, otherAddress.status]).toEqual([429, 200]);
    });

    it('counts requests without a credential per client address named by the trusted proxy', async () => {
      const responses = await twelve(() => fetch(`${service.baseUrl}/v1/pki/crl`, { headers: { 'x-forwarded-for': '192.0.2.20' } }));
      await expectLimited(responses, 200);
      expect((await fetch(`${service.baseUrl}/v1/pki/crl`, { headers: { 'x-forwarded-for': '192.0.2.21' } })).status).toBe(200);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const direct = new TestService('ratelimit-direct', { RATE_LIMIT_PER_MINUTE: '5' });
      try {
        await direct.start(0);
        const responses = await twelve((i) => fetch(`${direct.baseUrl}/v1/pki/crl`, { headers: { 'x-forwarded-for': `192.0.2.${100 + i}` } }));
        expect(responses.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(2);
      } finally {
        await direct.stop();
      }
    });
  });
});
