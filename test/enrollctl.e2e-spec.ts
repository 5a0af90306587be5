import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { XMLParser } from 'fast-xml-parser';
import { BULK_ENROLLMENT_QUEUE, signHook } from '@app/enrollment';
import { enrollOverMde2, Mde2Device, mde2Package } from './support/mde2-device';
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
        [
          'packages',
          'create',
          '--name',
          'Contoso desktops',
          '--template',
          'CONTOSO-%SERIAL%',
          '--token-id',
          issued.id,
          '--hide-oobe',
          '--wifi-ssid',
          'Contoso',
          '--wifi-auto-connect',
          '--out',
          out,
        ],
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
        devices: [
          { name: `PC${run}9`, serialNumber: `EC${run}9` },
          { name: 'TOO-LONG-FOR-NETBIOS', serialNumber: 'X' },
          { serialNumber: 'Y', owner: 'z' },
        ],
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

    it('lists the inventory in import order, as a table and as JSON', async () => {
      const listed = await enrollctl(['inventory', 'list']);
      expect(listed.code).toBe(0);
      const lines = listed.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+SERIAL NUMBER\s+SMBIOS GUID\s+RESOURCE ID\s+AD SITE\s+UPDATED$/);
      expect(lines[1]).toMatch(new RegExp(`^PC${run}0\\s+${serials[0]}\\s+-\\s+-\\s+Marseille\\s+\\d{4}-`));
      expect(lines[2]).toMatch(new RegExp(`^PC${run}1\\s+${serials[1]}\\s+${GUIDS[1]}\\s+16777221\\s+Lyon, Part-Dieu\\s+\\d{4}-`));
      const asJson = JSON.parse((await enrollctl(['--json', 'inventory', 'list'])).stdout);
      expect(asJson).toHaveLength((await service.admin('GET', '/v1/inventory/devices')).body.total);
      expect(asJson.map((record: any) => record.name)).toEqual(lines.slice(1).map((line) => line.split(/\s+/)[0]));
    });

    it("gives a bulk-enrolled device the inventory's Configuration Manager ids, unless the hook brought its own", async () => {
      const pkg = await bulkPackage();
      const accepted = await enroll(pkg, serials[1]);
      expect(accepted.status).toBe(202);
      const request = await service.finished(accepted.body.requestId);
      expect(request.status).toBe('succeeded');
      expect(request.device.sccm).toEqual({
        resourceId: 16777221,
        smbiosGuid: GUIDS[1],
        serialNumber: serials[1],
        name: `PC${run}1`,
        adSite: 'Lyon, Part-Dieu',
      });

      const unknown = await service.finished((await enroll(pkg, `NOTINV${run}`)).body.requestId);
      expect(unknown.status).toBe('succeeded');
      expect(unknown.device.sccm).toBeUndefined();

      const own = { resourceId: 99, serialNumber: serials[2], name: 'HOOKNAME' };
      const body = JSON.stringify({
        eventId: `evt-${run}`,
        action: 'bulk-enroll',
        packageId: pkg.packageId,
        serialNumber: serials[2],
        osVersion: '10.0.19045.1',
        csr,
        sccm: own,
      });
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
      expect(shown.stdout).toMatch(
        new RegExp(`^sccm\\s+resourceId=16777221 smbiosGuid=${GUIDS[1]} serialNumber=${serials[1]} name=PC${run}1 adSite=Lyon, Part-Dieu$`, 'm'),
      );
      expect(shown.stdout).toMatch(new RegExp(`^thumbprint\\s+${request.certificate.thumbprint}$`, 'm'));
      expect(shown.stdout).toMatch(new RegExp(`^not after\\s+${request.certificate.notAfter.replace(/\.\d{3}Z$/, 'Z')}$`, 'm'));
      const asJson = await enrollctl(['--json', 'requests', 'show', request.requestId]);
      expect(JSON.parse(asJson.stdout)).toMatchObject({ requestId: request.requestId, status: 'succeeded' });
    });
  });

  describe('devices', () => {
    const user = `dana-${run.toLowerCase()}@contoso.com`;
    const bulkSerial = `DV${run}`;
    let workplace: any;
    let workplaceCert: string;
    let bulk: any;
    let caPath: string;

    async function crlPath(): Promise<string> {
      return openssl.write(`crl-${randomBytes(4).toString('hex')}.pem`, (await service.api('GET', '/v1/pki/crl?format=pem')).text);
    }

    beforeAll(async () => {
      const token = await service.userToken(user);
      const joined = await service.api('POST', '/v1/workplace-joins', {
        token,
        body: { deviceId: randomUUID(), deviceName: `DV${run}`, domain: 'contoso.com', osVersion: '6.1.7601', csr },
      });
      const join = await service.finished(joined.body.requestId);
      expect(join.status).toBe('succeeded');
      workplace = join.device;
      workplaceCert = openssl.write(`dv-${run}.pem`, join.certificate.pem);
      const enrolled = await service.finished((await enroll(await bulkPackage(), bulkSerial)).body.requestId);
      expect(enrolled.status).toBe('succeeded');
      bulk = enrolled.device;
      caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    });

    it('lists devices by user, serial number, name, enrollment type, status and trust type', async () => {
      const byUser = await enrollctl(['devices', 'list', '--user', user.toUpperCase()]);
      expect(byUser.code).toBe(0);
      expect(byUser.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+TRUST TYPE\s+STATUS\s+USER\s+SERIAL NUMBER\s+REGISTERED$/);
      expect(byUser.stdout.trim().split('\n').slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^${workplace.id}\\s+DV${run}\\s+Workplace\\s+active\\s+${user}\\s+-\\s+\\d{4}-`)),
      ]);

      const ids = async (...filters: string[]) => {
        const listed = await enrollctl(['--json', 'devices', 'list', ...filters]);
        expect(listed.code).toBe(0);
        return JSON.parse(listed.stdout).map((device: any) => device.id);
      };
      expect(await ids('--serial', bulkSerial.toLowerCase())).toEqual([bulk.id]);
      expect(await ids('--name', `dv${run.toLowerCase()}`)).toEqual([workplace.id]);
      expect(await ids('--enrollment-type', 'windowsBulkAzureDomainJoin', '--trust-type', 'azuread', '--status', 'active', '--serial', bulkSerial)).toEqual([
        bulk.id,
      ]);
      expect(await ids('--trust-type', 'Workplace', '--serial', bulkSerial)).toEqual([]);
      const all = await ids();
      expect(all).toEqual(expect.arrayContaining([workplace.id, bulk.id]));
      expect(all).toHaveLength((await service.admin('GET', '/v1/devices')).body.total);
      expect((await enrollctl(['devices', 'list', '--serial', `NONE${run}`])).stdout).toBe('no devices\n');

      const refused = await enrollctl(['devices', 'list', '--status', 'lost']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--status must be active or removed, not "lost"');
    });

    it('shows one device object', async () => {
      const shown = await enrollctl(['devices', 'show', bulk.id]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(new RegExp(`^id\\s+${bulk.id}$`, 'm'));
      expect(shown.stdout).toMatch(new RegExp(`^name\\s+${bulk.displayName}$`, 'm'));
      expect(shown.stdout).toMatch(/^trust type\s+AzureAd$/m);
      expect(shown.stdout).toMatch(new RegExp(`^serial number\\s+${bulkSerial}$`, 'm'));
      expect(shown.stdout).toMatch(/^enrollment\s+windowsBulkAzureDomainJoin$/m);
      expect(shown.stdout).toMatch(new RegExp(`^thumbprint\\s+${bulk.certificate.thumbprint}$`, 'm'));
      expect(JSON.parse((await enrollctl(['--json', 'devices', 'show', workplace.id])).stdout)).toMatchObject({ id: workplace.id, userPrincipalName: user });
      const missing = await enrollctl(['devices', 'show', '6f1c2d3e-0000-4000-8000-000000000001']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('error: DEVICE_NOT_FOUND: No device object 6f1c2d3e-0000-4000-8000-000000000001\n');
    });

    it('revokes a Workplace Join device: its certificate is in the CRL (openssl verify -crl_check) and its object removed', async () => {
      expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', await crlPath(), workplaceCert]).ok).toBe(true);
      const revoked = await enrollctl(['devices', 'revoke', workplace.id]);
      expect(revoked.code).toBe(0);
      expect(revoked.stderr).toContain(`revoking DV${run} (${user}, ${workplace.id}): request `);
      expect(revoked.stdout).toBe(
        `revoked DV${run} (${user}): certificate ${workplace.certificate.serialNumber} is in the CRL and device object ${workplace.id} is removed\n`,
      );

      const verified = openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', await crlPath(), workplaceCert]);
      expect(verified.ok).toBe(false);
      expect(verified.output).toContain('certificate revoked');
      expect((await enrollctl(['devices', 'show', workplace.id])).stdout).toMatch(/^status\s+removed$/m);
      const requestId = /request (\S+)/.exec(revoked.stderr)![1];
      const leave = (await service.admin('GET', `/v1/requests/${requestId}`)).body;
      expect(leave).toMatchObject({ flow: 'workplace-leave', status: 'succeeded', subject: { upn: user } });
      const events = (await service.admin('GET', `/v1/events?requestId=${requestId}`)).body.items;
      expect(events.map((event: any) => event.data.Issuer).filter(Boolean)).toEqual(['urn:enrollment-orchestrator:admin']);

      const again = await enrollctl(['devices', 'revoke', workplace.id]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^error: DEVICE_REMOVED: Device object \S+ was already removed/);
    });

    it('refuses to revoke a bulk-enrolled device, and changes nothing', async () => {
      const refused = await enrollctl(['devices', 'revoke', bulk.id]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^error: DEVICE_REVOKE_UNSUPPORTED: .*bulk-enrolled to join Entra ID: its MDM enrollment is ended there, not by this service/,
      );
      expect((await service.admin('GET', `/v1/devices/${bulk.id}`)).body.status).toBe('active');
      const crl = await crlPath();
      const pem = (await service.admin('GET', `/v1/requests/${bulk.requestId}`)).body.certificate.pem;
      expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, openssl.write(`bulk-${run}.pem`, pem)]).ok).toBe(true);
      const response = await service.admin('POST', `/v1/devices/${bulk.id}/revoke`);
      expect(response.status).toBe(409);
    });

    it('answers --no-wait at once with the request to follow', async () => {
      const token = await service.userToken(user);
      const joined = await service.api('POST', '/v1/workplace-joins', {
        token,
        body: { deviceId: randomUUID(), deviceName: `DW${run}`, domain: 'contoso.com', osVersion: '6.1.7601', csr },
      });
      const device = (await service.finished(joined.body.requestId)).device;
      const accepted = await enrollctl(['devices', 'revoke', device.id, '--no-wait']);
      expect(accepted.code).toBe(0);
      const requestId = /request (\S+) \(\w+\); follow it with: enrollctl requests wait \1$/m.exec(accepted.stdout)![1];
      expect((await service.finished(requestId)).status).toBe('succeeded');
    });
  });

  describe('devices command, commands and unenroll', () => {
    let managed: Mde2Device;

    beforeAll(async () => {
      managed = await enrollOverMde2(service, await mde2Package(service));
    });

    it('queues any verb, a reboot and a policy, and lists them oldest first as a table and as JSON', async () => {
      const get = await enrollctl(['devices', 'command', managed.id, '--verb', 'get', '--target', './DevDetail/SwV', '--ttl', '12h']);
      expect(get.code).toBe(0);
      expect(get.stdout).toMatch(
        new RegExp(
          `^queued Get \\./DevDetail/SwV: command [0-9a-f-]{36} \\(pending, expires \\S+Z\\); its result: enrollctl devices commands ${managed.id}\n$`,
        ),
      );
      expect((await enrollctl(['devices', 'command', managed.id, 'reboot'])).code).toBe(0);
      const policy = await enrollctl(['--json', 'devices', 'command', managed.id, 'policy', 'Camera', 'AllowCamera', '0']);
      expect(JSON.parse(policy.stdout)).toMatchObject({
        verb: 'Replace',
        target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera',
        data: '0',
        format: 'int',
      });

      const listed = await enrollctl(['devices', 'commands', managed.id]);
      expect(listed.code).toBe(0);
      const lines = listed.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^ID\s+VERB\s+TARGET\s+STATUS\s+CODE\s+RESULT\s+CREATED\s+COMPLETED$/);
      expect(lines.slice(1).map((line) => line.split(/\s+/).slice(1, 4))).toEqual([
        ['Get', './DevDetail/SwV', 'pending'],
        ['Exec', './Device/Vendor/MSFT/Reboot/RebootNow', 'pending'],
        ['Replace', './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera', 'pending'],
      ]);
      const asJson = JSON.parse((await enrollctl(['--json', 'devices', 'commands', managed.id])).stdout);
      expect(asJson.map((command: any) => command.id)).toEqual(lines.slice(1).map((line) => line.split(/\s+/)[0]));
    });

    it("prints the API's refusal of a LocURI, and refuses an incomplete command before calling the API", async () => {
      const refused = await enrollctl(['devices', 'command', managed.id, '--verb', 'Get', '--target', 'DevDetail/SwV']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: VALIDATION_FAILED: target: must be a relative LocURI starting with \.\//);
      const incomplete = await enrollctl(['devices', 'command', managed.id, 'policy', 'Camera']);
      expect(incomplete.code).toBe(1);
      expect(incomplete.stderr).toContain('give reboot, or policy <area> <policy> <value>');
      const notManaged = await enrollctl(['devices', 'command', '6f1c2d3e-0000-4000-8000-000000000001', 'reboot']);
      expect(notManaged.stderr).toMatch(/^error: DEVICE_NOT_FOUND: /);
    });

    it('asks a device to unenroll, then forces it: its object is removed', async () => {
      const asked = await enrollctl(['devices', 'unenroll', managed.id]);
      expect(asked.code).toBe(0);
      expect(asked.stdout).toMatch(new RegExp(`^unenroll of ${managed.id} requested: command [0-9a-f-]{36} waits for the device's next session`));
      const forced = await enrollctl(['devices', 'unenroll', managed.id, '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/^unenrolling \S+: its certificate is being revoked and its device object removed/);
      await waitFor(async () => ((await service.admin('GET', `/v1/devices/${managed.id}`)).body.status === 'removed' ? true : undefined), {
        what: 'the device object to be removed',
      });
    });
  });

  describe('requests wait', () => {
    it('exits 0 for a request that succeeded, 3 for one that failed, 4 for one still queued at the timeout', async () => {
      const pkg = await bulkPackage('S%SERIAL%');
      const queue = new Queue(BULK_ENROLLMENT_QUEUE, { connection: service.redis, prefix: service.keyNames.bullPrefix });
      try {
        const succeeded = (await enroll(pkg, `W${run}`)).body.requestId as string;
        const waited = await enrollctl(['requests', 'wait', succeeded]);
        expect(waited.code).toBe(0);
        expect(waited.stdout).toMatch(/^status\s+succeeded$/m);

        // Too long for a device name once the template has made one of it: the request fails in the worker.
        const failed = (await enroll(pkg, `FAIL${run}LONGER`)).body.requestId as string;
        const failure = await enrollctl(['requests', 'wait', failed]);
        expect(failure.code).toBe(3);
        expect(failure.stdout).toMatch(/^status\s+failed$/m);
        expect(failure.stderr).toMatch(new RegExp(`^error: request ${failed} failed: NAME_TOO_LONG: `, 'm'));

        await queue.pause();
        const queued = (await enroll(pkg, `Q${run}`)).body.requestId as string;
        const timedOut = await enrollctl(['requests', 'wait', queued, '--timeout', '1s']);
        expect(timedOut.code).toBe(4);
        expect(timedOut.stderr).toContain(`waiting for request ${queued} (queued)…`);
        expect(timedOut.stderr).toContain(`error: request ${queued} is still queued after 1s; wait again with: enrollctl requests wait ${queued}`);
      } finally {
        await queue.resume();
        await queue.close();
      }
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
        expect(
          history.stdout
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line).eventId),
        ).toEqual([20, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 31, 21]);
      } finally {
        await lines?.kill();
        await events?.kill();
        await queue.resume();
        await queue.close();
      }
    });
  });

  describe('events tail without a filter', () => {
    it("follows every request's events", async () => {
      const pkg = await bulkPackage();
      const tail = start(['--json', 'events', 'tail']);
      try {
        await tail.waitFor('the tail to connect', (cli) => cli.stderr.includes('connected; waiting for events'));
        const requestId = (await enroll(pkg, `ALL${run}`)).body.requestId as string;
        const printed = () =>
          tail.stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line));
        await tail.waitFor('the completion event', () => printed().some((event) => event.activityId === requestId && event.eventId === 21));
        expect(
          printed()
            .filter((event) => event.activityId === requestId)
            .map((event) => event.eventId)[0],
        ).toBe(20);
      } finally {
        await tail.kill();
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
