import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { XMLParser } from 'fast-xml-parser';
import { BULK_ENROLLMENT_QUEUE, signHook } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { freePort, TestService } from './support/service';
import { waitFor } from './support/wait';

const BIN = join(__dirname, '..', 'bin', 'enrollctl.js');
const HOOK_SECRET = 'sccm-hook-secret-for-tests-0123456789abcdef';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

/** One run of the real CLI, as a child process whose output is a pipe (not a terminal). */
class CliRun {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  get output(): string {
    return `${this.stdout}\n${this.stderr}`;
  }

  waitFor(what: string, probe: (run: this) => boolean, timeoutMs = 30_000): Promise<true> {
    return waitFor(() => (probe(this) ? true : this.child.exitCode !== null ? Promise.reject(new Error(`exited:\n${this.output}`)) : undefined), {
      timeoutMs,
      what,
    });
  }

  async kill(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

describe('enrollctl (end to end)', () => {
  const service = new TestService('enrollctl', { SCCM_HOOK_SECRET: HOOK_SECRET });
  const openssl = new OpensslWorkspace();
  const run = randomBytes(3).toString('hex').toUpperCase();
  let csr: string;

  beforeAll(async () => {
    await service.start(1);
    csr = openssl.csr().pem;
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  function start(args: string[], env: Record<string, string> = {}): CliRun {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ENROLLCTL_URL: service.baseUrl, ENROLLCTL_ADMIN_KEY: service.adminKey, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CliRun(child);
  }

  async function enrollctl(args: string[], env: Record<string, string> = {}) {
    const cli = start(args, env);
    const code = await cli.exited;
    return { code, stdout: cli.stdout, stderr: cli.stderr };
  }

  async function issuedToken(): Promise<{ id: string; token: string }> {
    const created = await enrollctl(['--json', 'tokens', 'create', '--expires', '30d']);
    expect(created.code).toBe(0);
    return JSON.parse(created.stdout);
  }

  async function bulkPackage(template = 'EC-%RAND:6%') {
    const issued = await issuedToken();
    const created = await enrollctl(['--json', 'packages', 'create', '--name', 'CLI package', '--template', template, '--token-id', issued.id]);
    expect(created.code).toBe(0);
    return { ...issued, packageId: JSON.parse(created.stdout).id as string };
  }

  function enroll(pkg: { token: string; packageId: string }, serialNumber: string) {
    return service.api('POST', '/v1/bulk-enrollments', {
      token: pkg.token,
      body: { packageId: pkg.packageId, serialNumber, osVersion: '10.0.19045.1', csr },
    });
  }

  describe('tokens', () => {
    it('creates a token, shows it once with a warning, lists it without its value and revokes it', async () => {
      const created = await enrollctl(['tokens', 'create', '--expires', '30d', '--max-uses', '5']);
      expect(created.code).toBe(0);
      const token = /^token\s+(eobt_\S+)$/m.exec(created.stdout)![1];
      const id = /^id\s+(\S+)$/m.exec(created.stdout)![1];
      expect(created.stdout).toMatch(/^max uses\s+5$/m);
      expect(created.stderr).toContain('shown only once');

      const listed = await enrollctl(['tokens', 'list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+STATE\s+USES\s+MAX USES\s+EXPIRES\s+CREATED$/);
      expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+active\\s+0\\s+5\\s`, 'm'));

      const revoked = await enrollctl(['tokens', 'revoke', id]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`revoked ${id}`);

      const after = await enrollctl(['tokens', 'list']);
      expect(after.stdout).toMatch(new RegExp(`^${id}\\s+revoked\\s`, 'm'));
      const asJson = await enrollctl(['--json', 'tokens', 'list']);
      expect(JSON.parse(asJson.stdout).find((listedToken: any) => listedToken.id === id).state).toBe('revoked');
      for (const output of [listed, after, asJson, revoked]) expect(output.stdout + output.stderr).not.toContain(token);
    });

    it('refuses an expiry it cannot read before calling the API', async () => {
      const refused = await enrollctl(['tokens', 'create', '--expires', 'next week']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: --expires "next week": give a duration such as 30d/);
    });
  });

  describe('packages', () => {
    it('creates a package and writes a customizations.xml that parses back, with the Wi-Fi key from the environment', async () => {
      const issued = await issuedToken();
      const out = join(openssl.dir, 'customizations.xml');
      const created = await enrollctl(
        ['packages', 'create', '--name', 'Contoso desktops', '--template', 'CONTOSO-%SERIAL%', '--token-id', issued.id,
          '--hide-oobe', '--wifi-ssid', 'Contoso', '--wifi-auto-connect', '--out', out],
        { ENROLLCTL_WIFI_KEY: 'correct horse battery' },
      );
      expect(created.code).toBe(0);
      const packageId = /^created package (\S+) \(Contoso desktops\)$/m.exec(created.stdout)![1];
      expect(created.stdout).toContain(`wrote ${out}`);

      const common = xml.parse(readFileSync(out, 'utf8')).WindowsCustomizations.Settings.Customizations.Common;
      expect(common.Accounts.ComputerAccount.ComputerName).toBe('CONTOSO-%SERIAL%');
      expect(common.Accounts.Azure.BPRT).toBe(issued.token);
      expect(common.OOBE.Desktop.HideOobe).toBe('True');
      const wlan = common.ConnectivityProfiles.WLAN.WLANSetting.WLANConfig;
      expect(wlan['@SSID']).toBe('Contoso');
      expect(wlan.WLANXmlSettings.SecurityKey).toBe('correct horse battery');

      const again = join(openssl.dir, 'again.xml');
      expect((await enrollctl(['packages', 'xml', packageId, '--out', again])).code).toBe(0);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
      const listed = await enrollctl(['packages', 'list']);
      expect(listed.stdout).toMatch(new RegExp(`^${packageId}\\s+Contoso desktops\\s+CONTOSO-%SERIAL%\\s+${issued.id}\\s`, 'm'));
    });

    it("prints the API's refusal of a package", async () => {
      const issued = await issuedToken();
      const refused = await enrollctl(['packages', 'create', '--name', 'Bad', '--template', 'FAR-TOO-LONG-NAME-%SERIAL%', '--token-id', issued.id]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: NAME_TEMPLATE_INVALID: /);
    });
  });

  describe('devices import', () => {
    const GUIDS = Array.from({ length: 5 }, (_, i) => `4C4C4544-0035-4B10-8052-${run}${String(i).padStart(6, '0')}`);
    const serials = Array.from({ length: 5 }, (_, i) => `EC${run}${i}`);
    const csvFile = () => {
      const lines = [
        'Name,Resource ID,SMBIOS GUID,Serial Number,AD Site Name', // 1
        `PC${run}0,16777220,${GUIDS[0]},${serials[0]},Paris`, // 2
        `PC${run}1,16777221,${GUIDS[1]},${serials[1]},"Lyon, Part-Dieu"`, // 3
        `PC${run}X,16777222,not-a-guid,EC${run}X,Paris`, // 4: bad GUID
        `PC${run}2,16777223,${GUIDS[2]},${serials[2]},Paris`, // 5
        `,16777224,,EC${run}Y,Paris`, // 6: no name
        `PC${run}3,16777225,${GUIDS[3]},${serials[3]},`, // 7
        `PC${run}4,,${GUIDS[4]},${serials[4]},Nice`, // 8
      ];
      return openssl.write(`devices-${run}.csv`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n')]));
    };

    it('imports the good rows in batches, reports each bad row by its line and exits 2', async () => {
      const imported = await enrollctl(['devices', 'import', csvFile(), '--batch-size', '2']);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toMatch(/^line 4: SMBIOS GUID "not-a-guid" must be a GUID$/m);
      expect(imported.stderr).toMatch(/^line 6: Name is missing$/m);
      expect(imported.stderr.match(/^line \d+:/gm)).toHaveLength(2);
      expect(imported.stderr.match(/^imported \d+\/5$/gm)).toEqual(['imported 2/5', 'imported 4/5', 'imported 5/5']);
      expect(imported.stdout).toMatch(/imported 5 of 7 rows from .*: 5 created, 0 updated, 0 unchanged, 2 rejected/);

      const { body } = await service.admin('GET', '/v1/inventory/devices?limit=1000');
      expect(body.total).toBe(5);
      expect(body.items.map((device: any) => device.serialNumber)).toEqual(serials);
      expect(body.items[1]).toMatchObject({ name: `PC${run}1`, resourceId: 16777221, smbiosGuid: GUIDS[1], adSite: 'Lyon, Part-Dieu' });
      expect(body.items[4].resourceId).toBeUndefined();
      const one = await service.admin('GET', `/v1/inventory/devices/${serials[3].toLowerCase()}`);
      expect(one.body).toMatchObject({ name: `PC${run}3`, serialNumber: serials[3], resourceId: 16777225 });
      expect((await service.admin('GET', `/v1/inventory/devices/NOPE${run}`)).status).toBe(404);
    });

    it('creates nothing new when the same file is imported again', async () => {
      const again = await enrollctl(['--json', 'devices', 'import', csvFile()]);
      expect(again.code).toBe(2);
      expect(JSON.parse(again.stdout)).toMatchObject({ rows: 7, created: 0, updated: 0, unchanged: 5, rejected: [{ line: 4 }, { line: 6 }] });
      expect((await service.admin('GET', '/v1/inventory/devices')).body.total).toBe(5);
      expect(await service.keys('inventory:device:*')).toHaveLength(5);
    });

    it('exits 0 when every row is imported, and counts a changed row as updated', async () => {
      const file = openssl.write(`changed-${run}.csv`, `Name;Serial Number;AD Site Name\nPC${run}0;${serials[0]};Marseille\n`);
      const changed = await enrollctl(['devices', 'import', file]);
      expect(changed.code).toBe(0);
      expect(changed.stdout).toContain('0 created, 1 updated, 0 unchanged, 0 rejected');
      const record = (await service.admin('GET', `/v1/inventory/devices/${serials[0]}`)).body;
      expect(record).toMatchObject({ adSite: 'Marseille' });
      expect(record.smbiosGuid).toBeUndefined();
    });

    it('refuses rows the CLI did not check, one by one', async () => {
      const response = await service.admin('POST', '/v1/inventory/devices', {
        devices: [{ name: `PC${run}9`, serialNumber: `EC${run}9` }, { name: 'TOO-LONG-FOR-NETBIOS', serialNumber: 'X' }, { serialNumber: 'Y', owner: 'z' }],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
      expect(response.body.rejected.map((rejected: any) => [rejected.index, rejected.code])).toEqual([
        [1, 'VALIDATION_FAILED'],
        [2, 'VALIDATION_FAILED'],
      ]);
      expect((await service.admin('POST', '/v1/inventory/devices', { devices: [] })).body.error.code).toBe('VALIDATION_FAILED');
      const paths = (await service.api('GET', '/docs-json')).body.paths;
      expect(paths['/v1/inventory/devices'].post.security).toEqual([{ 'admin-key': [] }]);
      expect(paths['/v1/inventory/devices'].post.requestBody.content['application/json'].schema.properties.devices.items.required).toEqual(['name']);
      expect(Object.keys(paths)).toContain('/v1/inventory/devices/{serialNumber}');
    });

    it("gives a bulk-enrolled device the inventory's Configuration Manager ids, unless the hook brought its own", async () => {
      const pkg = await bulkPackage();
      const accepted = await enroll(pkg, serials[1]);
      expect(accepted.status).toBe(202);
      const request = await service.finished(accepted.body.requestId);
      expect(request.status).toBe('succeeded');
      expect(request.device.sccm).toEqual({ resourceId: 16777221, smbiosGuid: GUIDS[1], serialNumber: serials[1], name: `PC${run}1`, adSite: 'Lyon, Part-Dieu' });

      const unknown = await service.finished((await enroll(pkg, `NOTINV${run}`)).body.requestId);
      expect(unknown.status).toBe('succeeded');
      expect(unknown.device.sccm).toBeUndefined();

      const own = { resourceId: 99, serialNumber: serials[2], name: 'HOOKNAME' };
      const body = JSON.stringify({ eventId: `evt-${run}`, action: 'bulk-enroll', packageId: pkg.packageId, serialNumber: serials[2], osVersion: '10.0.19045.1', csr, sccm: own });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const hooked = await service.api('POST', '/v1/hooks/sccm', {
        rawBody: body,
        headers: { 'x-signature-timestamp': timestamp, 'x-signature': signHook(HOOK_SECRET, timestamp, body) },
      });
      expect(hooked.status).toBe(202);
      expect((await service.finished(hooked.body.requestId)).device.sccm).toEqual(own);

      const shown = await enrollctl(['requests', 'show', request.requestId]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(/^status\s+succeeded$/m);
      for (const step of ['authenticate', 'resolve-name', 'issue-certificate', 'join-directory', 'enroll-mdm']) {
        expect(shown.stdout).toMatch(new RegExp(`^${step}\\s+succeeded\\s+1$`, 'm'));
      }
      expect(shown.stdout).toMatch(new RegExp(`^device\\s+${request.device.id} ${request.device.displayName} \\(AzureAd, active\\)$`, 'm'));
      expect(shown.stdout).toMatch(new RegExp(`^sccm\\s+resourceId=16777221 smbiosGuid=${GUIDS[1]} serialNumber=${serials[1]} name=PC${run}1 adSite=Lyon, Part-Dieu$`, 'm'));
      expect(shown.stdout).toMatch(new RegExp(`^thumbprint\\s+${request.certificate.thumbprint}$`, 'm'));
      expect(shown.stdout).toMatch(new RegExp(`^not after\\s+${request.certificate.notAfter.replace(/\.\d{3}Z$/, 'Z')}$`, 'm'));
      const asJson = await enrollctl(['--json', 'requests', 'show', request.requestId]);
      expect(JSON.parse(asJson.stdout)).toMatchObject({ requestId: request.requestId, status: 'succeeded' });
    });
  });

  describe('events tail', () => {
    it('follows a request live, one line per event and as Windows Event XML, until killed', async () => {
      const pkg = await bulkPackage();
      // Paused, so that the request is only run once both tails are listening.
      const queue = new Queue(BULK_ENROLLMENT_QUEUE, { connection: service.redis, prefix: service.keyNames.bullPrefix });
      await queue.pause();
      let lines: CliRun | undefined;
      let events: CliRun | undefined;
      try {
        const accepted = await enroll(pkg, `TAIL${run}`);
        expect(accepted.status).toBe(202);
        const requestId = accepted.body.requestId as string;
        lines = start(['events', 'tail', '--request', requestId]);
        events = start(['events', 'tail', '--request', requestId, '--xml']);
        for (const tail of [lines, events]) await tail.waitFor('the tail to connect', (cli) => cli.stderr.includes('connected; waiting for events'));
        await queue.resume();

        await lines.waitFor('the completion line', (cli) => /^\S+\s+Information\s+21\s+/m.test(cli.stdout));
        await events.waitFor('the completion event', (cli) => /<EventID>21<\/EventID>[\s\S]*<\/Event>/.test(cli.stdout));
        expect(await lines.kill()).toBeNull();
        await events.kill();

        const printed = lines.stdout.trim().split('\n');
        expect(printed[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z\s+Information\s+20\s+\S/);
        expect(printed.map((line) => Number(line.split(/\s+/)[2]))).toEqual([20, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 31, 21]);

        const elements = events.stdout.match(/<Event [\s\S]*?<\/Event>/g)!;
        const parsed = elements.map((element) => xml.parse(element).Event);
        expect(parsed.map((event: any) => Number(event.System.EventID))).toEqual([20, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 31, 21]);
        for (const event of parsed) expect(event.System.Correlation['@ActivityID']).toBe(`{${requestId.toUpperCase()}}`);
        expect(parsed.at(-1).System.Channel).toBe('Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin');

        // With --history, the finished request's events come from the log, then the tail waits for more.
        const history = start(['--json', 'events', 'tail', '--request', requestId, '--history', '--level', '4']);
        await history.waitFor('the recorded events', (cli) => cli.stdout.trim().split('\n').length >= 14);
        await history.kill();
        expect(history.stdout.trim().split('\n').map((line) => JSON.parse(line).eventId)).toEqual([20, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 31, 21]);
      } finally {
        await lines?.kill();
        await events?.kill();
        await queue.resume();
        await queue.close();
      }
    });
  });

  describe('errors', () => {
    it("prints the API's code for a wrong admin key, exits 1 and never shows the key", async () => {
      const wrongKey = `wrong-admin-key-${randomBytes(12).toString('hex')}`;
      for (const invocation of [
        enrollctl(['tokens', 'list'], { ENROLLCTL_ADMIN_KEY: wrongKey }),
        enrollctl(['--admin-key', wrongKey, 'packages', 'list'], { ENROLLCTL_ADMIN_KEY: '' }),
      ]) {
        const refused = await invocation;
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe('error: ADMIN_KEY_INVALID: The admin API key is not valid\n');
        expect(refused.stdout + refused.stderr).not.toContain(wrongKey);
      }
    });

    it('says in one line that the URL cannot be reached', async () => {
      const port = await freePort();
      const unreachable = await enrollctl(['tokens', 'list'], { ENROLLCTL_URL: `http://127.0.0.1:${port}` });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: connection refused (is the service running on that address?)\n`);
    });

    it('prints the code and message of an unknown request', async () => {
      const missing = await enrollctl(['requests', 'show', '6f1c2d3e-0000-4000-8000-000000000001']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('error: REQUEST_NOT_FOUND: No request 6f1c2d3e-0000-4000-8000-000000000001\n');
    });
  });
});
