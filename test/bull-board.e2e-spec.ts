import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { findChromium } from './support/browser';
import { OpensslWorkspace } from './support/openssl';
import { AppProcess, freePort, spawnApp, TestService } from './support/service';
import { waitFor } from './support/wait';

const ARTIFACTS = join(__dirname, 'artifacts');
const BOARD = '/admin/queues';
const UI_TIMEOUT = 15_000;

const MALFORMED_CSR = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The number after `label` in a text such as "Completed 3" (the board renders label and count side by side). */
function countIn(text: string, label: string): number {
  const match = new RegExp(`${label}\\s*(\\d+)`, 'i').exec(text);
  if (!match) throw new Error(`no "${label}" count in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

describe('Bull Board at /admin/queues (end to end, headless Chromium)', () => {
  const service = new TestService('board');
  const openssl = new OpensslWorkspace();
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let joined: { requestId: string };
  let refused: { requestId: string };
  let alice: string;
  let writable: AppProcess | undefined;

  /** A fresh browser context (own credentials, no shared auth cache) that may only reach `origin`. */
  async function openPage(origin: string, credentials?: { username: string; password: string }): Promise<Page> {
    const context = await browser.newContext({ httpCredentials: credentials, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // The board's page also links a web font: nothing but the service under test is fetched.
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    return context.newPage();
  }

  const admin = () => ({ username: 'admin', password: service.adminKey });

  async function joinDevice(token: string, csr: string): Promise<any> {
    const body = { deviceId: randomUUID(), deviceName: 'PC01', domain: 'contoso.com', osVersion: '6.1.7601', csr };
    const accepted = await service.api('POST', '/v1/workplace-joins', { token, body });
    expect(accepted.status).toBe(202);
    return service.finished(accepted.body.requestId);
  }

  beforeAll(async () => {
    const executablePath = findChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    await service.start(1);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });

    // One join that succeeds and one whose CSR is malformed, so both counts show.
    alice = await service.userToken('alice@contoso.com');
    joined = await joinDevice(alice, openssl.csr().pem);
    refused = await joinDevice(alice, MALFORMED_CSR);
    expect([joined, refused].map((request: any) => request.status)).toEqual(['succeeded', 'failed']);
    // The request is recorded before BullMQ moves its job: wait until the queue says so too.
    await waitFor(
      async () => {
        const counts = await service.jobCounts('workplace-join');
        return counts.completed >= 1 && counts.failed >= 1 ? counts : undefined;
      },
      { what: 'one completed and one failed workplace-join job' },
    );
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
    await browser?.close();
    await writable?.stop();
    await service.stop();
    openssl.dispose();
  });

  it('refuses the page without credentials, with a Basic challenge so that browsers ask for them', async () => {
    const page = await openPage(service.baseUrl);
    const url = `${service.baseUrl}${BOARD}`;
    const challenged = page.waitForResponse((response) => response.url() === url);

    // Headless Chromium has no sign-in dialog to show: it gives the navigation up on the challenge.
    const navigation = await page.goto(url).then(
      (response) => `status ${response?.status()}`,
      (error: unknown) => (error as Error).message,
    );

    expect(navigation).toMatch(/net::ERR_INVALID_AUTH_CREDENTIALS|status 401/);
    const response = await challenged;
    expect(response.status()).toBe(401);
    expect(response.headers()['www-authenticate']).toBe('Basic realm="Enrollment Orchestrator", charset="UTF-8"');
    expect(await page.getByText('Enrollment Orchestrator', { exact: true }).count()).toBe(0);
  });

  it('refuses a wrong password', async () => {
    const page = await openPage(service.baseUrl, { username: 'admin', password: `${service.adminKey}x` });

    const response = await page.goto(`${service.baseUrl}${BOARD}`);

    expect(response?.status()).toBe(401);
  });

  it('keeps the board API and its static files behind the same check; a bearer admin key works for scripts', async () => {
    const paths = [`${BOARD}/api/queues`, `${BOARD}/static/favicon-32x32.png`, `${BOARD}/queue/workplace-join`];
    for (const path of paths) {
      const anonymous = await service.api('GET', path);
      expect([path, anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([
        path,
        401,
        'Basic realm="Enrollment Orchestrator", charset="UTF-8"',
      ]);
      expect((await service.api('GET', path, { headers: { authorization: basic('admin', 'wrong-key') } })).status).toBe(401);
      expect((await service.api('GET', path, { token: 'wrong-key' })).status).toBe(401);
    }
    expect((await service.api('GET', `${BOARD}/static/favicon-32x32.png`, { headers: { authorization: basic('anyone', service.adminKey) } })).status).toBe(200);

    const queues = await service.admin('GET', `${BOARD}/api/queues`);
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((queue: any) => [queue.name, queue.readOnlyMode]).sort()).toEqual([
      ['bulk-enrollment', true],
      ['device-management', true],
      ['workplace-join', true],
    ]);
  });

  it('shows how far each job got (progress at its step) and its step events as its log, through the board API', async () => {
    const board = (requestId: string, suffix = '') => service.admin('GET', `${BOARD}/api/queues/workplace-join/${requestId}${suffix}`);
    const eventsOf = async (requestId: string) => (await service.admin('GET', `/v1/events?requestId=${requestId}`)).body.items as any[];

    const [done, doneLog, doneEvents] = await Promise.all([board(joined.requestId), board(joined.requestId, '/logs'), eventsOf(joined.requestId)]);
    const [failed, failedLog, failedEvents] = await Promise.all([board(refused.requestId), board(refused.requestId, '/logs'), eventsOf(refused.requestId)]);

    expect(done.body.job.progress).toEqual({ step: 'register-device', index: 3, of: 3, status: 'succeeded', attempt: 1, progress: 100 });
    expect(failed.body.job.progress).toEqual({
      step: 'issue-certificate',
      index: 2,
      of: 3,
      status: 'failed',
      attempt: 1,
      progress: 33,
      code: 'CSR_MALFORMED',
    });
    // One line per event of the request, in order: its time first and its message last.
    for (const [log, events] of [
      [doneLog.body, doneEvents],
      [failedLog.body, failedEvents],
    ] as Array<[string[], any[]]>) {
      expect(log).toHaveLength(events.length);
      log.forEach((line, i) => expect([line.startsWith(`${events[i].timeCreated} `), line.endsWith(`: ${events[i].message}`)]).toEqual([true, true]));
    }
    expect(doneLog.body.filter((line: string) => line.includes(' Information register-device: '))).toHaveLength(2);
    expect(failedLog.body.filter((line: string) => / Error issue-certificate: .*CSR_MALFORMED/.test(line))).toHaveLength(2);
    // No credential and no certificate request reaches the log.
    const everything = [...doneLog.body, ...failedLog.body].join('\n');
    for (const secret of [alice, 'CERTIFICATE REQUEST', service.adminKey]) expect(everything).not.toContain(secret);
  });

  it("shows a failed job's progress and log in its Progress and Logs tabs; screenshot", async () => {
    const page = await openPage(service.baseUrl, admin());
    await page.goto(`${service.baseUrl}${BOARD}/queue/workplace-join?status=failed`);
    await page.getByText(refused.requestId, { exact: true }).waitFor({ timeout: UI_TIMEOUT });

    await page.getByRole('tab', { name: 'Logs' }).first().click();
    await page
      .getByText(/Error issue-certificate: .*Failed step: issue-certificate\. Error code: CSR_MALFORMED/)
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: join(ARTIFACTS, 'bull-board-job-log.png') });
    await page.getByRole('tab', { name: 'Progress' }).first().click();
    const progress = page.getByRole('tabpanel').filter({ hasText: 'issue-certificate' }).first();
    await progress
      .getByText(/CSR_MALFORMED/)
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: join(ARTIFACTS, 'bull-board-job-progress.png') });
  });

  it('signs in with any user name and the admin key, lists every queue with its counts; screenshot', async () => {
    const page = await openPage(service.baseUrl, admin());

    const response = await page.goto(`${service.baseUrl}${BOARD}`);

    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Enrollment Orchestrator');
    const card = (queue: string) => page.locator('main li').filter({ has: page.getByRole('link', { name: queue, exact: true }) });
    const workplaceJoin = card('workplace-join');
    const bulkEnrollment = card('bulk-enrollment');
    await workplaceJoin.getByText('2 Jobs', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await bulkEnrollment.getByText('0 Jobs', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await card('device-management').getByText('0 Jobs', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    const sidebar = page.locator('aside');
    for (const queue of ['workplace-join', 'bulk-enrollment', 'device-management']) {
      await sidebar.getByRole('link', { name: queue, exact: true }).waitFor({ timeout: UI_TIMEOUT });
    }
    // The card flags failed jobs with a link to them.
    const failedFlag = workplaceJoin.locator('a[href$="/queue/workplace-join?status=failed"]');
    expect(countIn(await failedFlag.innerText(), 'Failed')).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'bull-board.png') });

    // The card's bar opens the count of each status.
    await workplaceJoin.getByRole('button', { name: '2 Jobs' }).click();
    const completed = page.locator('a[href$="/queue/workplace-join?status=completed"]');
    await completed.waitFor({ timeout: UI_TIMEOUT });
    expect(countIn(await completed.innerText(), 'Completed')).toBeGreaterThanOrEqual(1);
  });

  it('is read-only by default: no retry or clean buttons, and the API refuses to change a queue', async () => {
    const page = await openPage(service.baseUrl, admin());
    await page.goto(`${service.baseUrl}${BOARD}/queue/workplace-join?status=failed`);

    // The failed job (its id is the request id) is shown, with nothing to act on it.
    await page.getByText(refused.requestId, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await page
      .getByText(/CSR_MALFORMED/)
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
    for (const name of ['Retry all', 'Clean all']) expect(await page.getByRole('button', { name }).count()).toBe(0);

    const auth = { authorization: basic('admin', service.adminKey) };
    for (const [method, path] of [
      ['PUT', '/api/queues/workplace-join/pause'],
      ['PUT', '/api/queues/workplace-join/retry/failed'],
      ['PUT', '/api/queues/workplace-join/clean/completed'],
      ['PUT', `/api/queues/workplace-join/${refused.requestId}/retry`],
      ['PUT', '/api/queues/bulk-enrollment/obliterate'],
    ]) {
      const refusal = await service.api(method, `${BOARD}${path}`, { headers: auth, rawBody: '{}' });
      expect([path, refusal.status, refusal.body]).toEqual([path, 405, { error: { key: 'ERRORS.QUEUE_READ_ONLY' } }]);
    }
    // "Pause all" skips read-only queues: it answers, and pauses nothing.
    expect((await service.api('PUT', `${BOARD}/api/queues/pause`, { headers: auth, rawBody: '{}' })).status).toBe(200);
    const queues = await service.admin('GET', `${BOARD}/api/queues`);
    expect(queues.body.queues.map((queue: any) => [queue.name, queue.isPaused]).sort()).toEqual([
      ['bulk-enrollment', false],
      ['device-management', false],
      ['workplace-join', false],
    ]);
    const counts = await service.jobCounts('workplace-join');
    expect(counts.completed >= 1 && counts.failed >= 1).toBe(true);
  });

  it('offers the actions when BULL_BOARD_READ_ONLY=false', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const app = (writable = spawnApp('orchestrator', service.env({ PORT: String(port), BULL_BOARD_READ_ONLY: 'false' })));
    await Promise.race([
      waitFor(async () => ((await fetch(`${origin}/v1/pki/ca.pem`)).ok ? true : undefined), { what: 'a second orchestrator' }),
      app.exited.then((code) => {
        throw new Error(`orchestrator exited with ${code}:\n${app.output}`);
      }),
    ]);
    const page = await openPage(origin, admin());

    await page.goto(`${origin}${BOARD}/queue/workplace-join?status=failed`);

    await page.getByText(refused.requestId, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Retry all' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole('button', { name: 'Clean all' }).count()).toBe(1);
  });
});
