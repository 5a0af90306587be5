import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { OpensslWorkspace } from './support/openssl';
import { AppProcess, freePort, REDIS_URL, TestService } from './support/service';
import { waitFor } from './support/wait';

const ROOT = join(__dirname, '..');

describe('npm start (scripts/start.js)', () => {
  const openssl = new OpensslWorkspace();
  const started: AppProcess[] = [];
  // Not started: each lends its private prefix and removes that prefix's keys afterwards.
  const prefixes: TestService[] = [];

  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop('SIGTERM')));
    for (const service of prefixes) await service.stop();
    openssl.dispose();
  });

  /** `npm start` as a newcomer runs it, with the environment given; resolves once its banner is out. */
  async function npmStart(env: Record<string, string>) {
    const keys = new TestService('npm-start');
    prefixes.push(keys);
    const port = await freePort();
    const app = new AppProcess(
      spawn(process.execPath, ['scripts/start.js'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', REDIS_URL, REDIS_PREFIX: keys.prefix, PORT: String(port), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    started.push(app);
    const exitedEarly = app.exited.then((code) => {
      throw new Error(`npm start exited with ${code}:\n${app.output}`);
    });
    await Promise.race([app.waitForLine(/Request outcomes follow/, 60_000), exitedEarly]);
    return { app, base: `http://127.0.0.1:${port}` };
  }

  /** A Workplace Join through the API; resolves with the finished request. */
  async function join(base: string, adminKey: string, upn: string) {
    const tokenAnswer = await fetch(`${base}/dev/adfs/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ upn }),
    });
    const { access_token: token } = await tokenAnswer.json();
    const body = { deviceId: randomUUID(), deviceName: 'PC01', domain: 'contoso.com', osVersion: '6.1.7601', csr: openssl.csr().pem };
    const accepted = await fetch(`${base}/v1/workplace-joins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(accepted.status).toBe(202);
    const { requestId } = await accepted.json();
    return waitFor(async () => {
      const request = await (await fetch(`${base}/v1/requests/${requestId}`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
      return request.status === 'succeeded' || request.status === 'failed' ? request : undefined;
    });
  }

  const adminKeyOf = (app: AppProcess) => /Admin key\s+(\S+)/.exec(app.output)![1];

  it('starts the worker whatever LOG_LEVEL says: readiness comes from the processes, not their log', async () => {
    const { app, base } = await npmStart({ LOG_LEVEL: 'error' });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const request = await join(base, adminKeyOf(app), `quiet-${randomUUID().slice(0, 8)}@contoso.com`);
    expect(request.status).toBe('succeeded');
  });

  it('prints one banner, then one line per request outcome: no route map, no JSON', async () => {
    const { app, base } = await npmStart({});
    expect(app.output).toContain(`Bull Board   http://localhost:${new URL(base).port}/admin/queues`);
    expect(app.output).toMatch(/Admin key\s+eo_dev_\S+/);
    expect(app.output).toMatch(/Development mode:\n\s+- DEVELOPMENT IDENTITY PROVIDER IS ON/);
    const upn = `loud-${randomUUID().slice(0, 8)}@contoso.com`;
    const request = await join(base, adminKeyOf(app), upn);
    const outcome = await app.waitForLine(new RegExp(`ok\\s+workplace-join\\s+${upn} on PC01 .*request ${request.requestId}`));
    expect(outcome).toBeDefined();
    expect(app.lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(app.output).not.toContain('Mapped {');
    // What the banner says is said once, not again by each process as it logs it.
    expect(app.output.match(/DEVELOPMENT IDENTITY PROVIDER IS ON/g)).toHaveLength(1);
    expect(app.output.match(/ADMIN_API_KEYS is not set/g)).toHaveLength(1);
  });

  it('passes the JSON log through with LOG_FORMAT=json, the banner on standard error', async () => {
    const { app, base } = await npmStart({ LOG_FORMAT: 'json' });
    const stdout: string[] = [];
    app.child.stdout!.on('data', (chunk: Buffer) => stdout.push(...chunk.toString().split('\n').filter(Boolean)));
    await join(base, adminKeyOf(app), `machine-${randomUUID().slice(0, 8)}@contoso.com`);
    await waitFor(() => (stdout.some((line) => line.includes('"request finished"')) ? true : undefined));
    for (const line of stdout) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('stops both processes on Ctrl-C and ends well', async () => {
    const { app } = await npmStart({});
    app.child.kill('SIGINT');
    expect(await app.exited).toBe(0);
  });
});
