import { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
import { Output } from '../output';
import { DeviceView, deviceFilters, deviceTable, deviceText, parseStatus, parseTrustType, revokeDevice } from './devices.command';

const KEY = 'admin-key-0123456789abcdef0123';

const workplace: DeviceView = {
  id: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  deviceId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  displayName: 'PC01',
  trustType: 'Workplace',
  status: 'active',
  userPrincipalName: 'alice@contoso.com',
  domain: 'contoso.com',
  osVersion: '6.1.7601',
  sccm: { serialNumber: '5CG0001', resourceId: 16777220 },
  certificate: { serialNumber: '0a1b', thumbprint: 'AB12', notAfter: '2031-01-10T12:00:00.000Z' },
  registeredAt: '2030-01-10T12:00:00.000Z',
  requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
};

const bulk: DeviceView = {
  ...workplace,
  id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  displayName: 'CONTOSO-0042',
  trustType: 'AzureAd',
  status: 'removed',
  userPrincipalName: undefined,
  domain: undefined,
  osVersion: '10.0.19045.1',
  serialNumber: '5CG1234XYZ',
  packageId: '9f8e7d6c-0000-4c3d-9e2f-1a0b9c8d7e6f',
  enrollmentType: 'windowsBulkAzureDomainJoin',
  sccm: undefined,
  removedAt: '2030-02-01T08:00:00.000Z',
};

function recorder(json = false) {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { json, out: (text) => out.push(text), err: (text) => err.push(text) };
  return { output, out, err };
}

/** The API, answering `METHOD path` from a script; a path answered by a list gives one answer per call. */
function fakeApi(routes: Record<string, unknown>) {
  const calls: string[] = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    const route = `${init.method} ${new URL(url).pathname}`;
    calls.push(route);
    const answer = routes[route];
    if (answer === undefined) return Response.json({ error: { code: 'NOT_FOUND', message: route } }, { status: 404 });
    const next = Array.isArray(answer) ? (answer.length > 1 ? answer.shift() : answer[0]) : answer;
    return next instanceof Response ? next : Response.json(next, { status: route.startsWith('POST') ? 202 : 200 });
  };
  return { client: new ApiClient('http://api.test', KEY, fetchImpl as unknown as typeof fetch), calls };
}

describe(deviceFilters.name, () => {
  it('sends each filter under its name in the API, and none that was not given', () => {
    expect(deviceFilters({ user: 'alice@contoso.com', serial: '5CG1', trustType: 'Workplace' })).toEqual({
      user: 'alice@contoso.com',
      serialNumber: '5CG1',
      trustType: 'Workplace',
    });
    expect(deviceFilters({ name: 'PC', enrollmentType: 'windowsBulkAzureDomainJoin', status: 'removed' })).toEqual({
      name: 'PC',
      enrollmentType: 'windowsBulkAzureDomainJoin',
      status: 'removed',
    });
  });

  it.each([
    ['workplace', 'Workplace'],
    ['AZUREAD', 'AzureAd'],
  ])('reads --trust-type %s as %s', (text, expected) => {
    expect(parseTrustType(text)).toBe(expected);
  });

  it('refuses a trust type or status it does not know, saying which it knows', () => {
    expect(() => parseTrustType('hybrid')).toThrow('--trust-type must be Workplace or AzureAd, not "hybrid"');
    expect(() => parseStatus('lost')).toThrow('--status must be active or removed, not "lost"');
    expect(parseStatus('Active')).toBe('active');
  });
});

describe(deviceTable.name, () => {
  it('shows one device a line, with the serial number Configuration Manager gave a Workplace device', () => {
    expect(deviceTable([workplace, bulk]).split('\n')).toEqual([
      'ID                                    NAME          TRUST TYPE  STATUS   USER               SERIAL NUMBER  REGISTERED',
      '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a  PC01          Workplace   active   alice@contoso.com  5CG0001        2030-01-10T12:00:00Z',
      '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d  CONTOSO-0042  AzureAd     removed  -                  5CG1234XYZ     2030-01-10T12:00:00Z',
    ]);
    expect(deviceTable([])).toBe('no devices');
  });
});

describe(deviceText.name, () => {
  it('shows every field a device object has, and nothing for those it has not', () => {
    expect(deviceText(bulk).split('\n')).toEqual([
      'id             1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      'name           CONTOSO-0042',
      'trust type     AzureAd',
      'status         removed',
      'device id      9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
      'os version     10.0.19045.1',
      'serial number  5CG1234XYZ',
      'package        9f8e7d6c-0000-4c3d-9e2f-1a0b9c8d7e6f',
      'enrollment     windowsBulkAzureDomainJoin',
      'certificate    0a1b',
      'thumbprint     AB12',
      'not after      2031-01-10T12:00:00Z',
      'registered     2030-01-10T12:00:00Z',
      'removed        2030-02-01T08:00:00Z',
      'request        6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
    ]);
    expect(deviceText(workplace)).toMatch(/^user +alice@contoso\.com$/m);
    expect(deviceText(workplace)).toMatch(/^sccm +resourceId=16777220 serialNumber=5CG0001$/m);
  });

  it("adds the management server's record of a device enrolled over MS-MDE2", () => {
    const managed: DeviceView = {
      ...bulk,
      status: 'active',
      removedAt: undefined,
      management: {
        lastCheckInAt: '2030-01-11T09:30:00.000Z',
        sessions: 4,
        inventory: { osPlatform: 'Windows 10 Enterprise', osVersion: '10.0.19045.2965', manufacturer: 'Contoso', model: 'Surface', firmwareVersion: '1.2' },
        unenrollRequestedAt: '2030-01-12T08:00:00.000Z',
      },
    };
    expect(deviceText(managed).split('\n').slice(-6)).toEqual([
      'last check-in   2030-01-11T09:30:00Z',
      'sessions        4',
      'os              Windows 10 Enterprise 10.0.19045.2965',
      'model           Contoso Surface',
      'firmware        1.2',
      'unenroll asked  2030-01-12T08:00:00Z',
    ]);
  });
});

describe(revokeDevice.name, () => {
  const id = workplace.id;
  const request = (status: string, error?: { code: string; message: string }) => ({
    requestId: 'r1',
    flow: 'workplace-leave',
    status,
    createdAt: '2030-01-10T12:00:00.000Z',
    subject: {},
    steps: [{ name: 'authenticate', status: error ? 'failed' : 'succeeded', attempts: 1, error }],
    error,
  });
  const noWait = { wait: false, timeoutMs: 60_000 };
  const wait = { wait: true, timeoutMs: 60_000, sleep: async () => undefined };

  it('revokes, waits for the request and says what was done', async () => {
    const { client, calls } = fakeApi({
      [`GET /v1/devices/${id}`]: workplace,
      [`POST /v1/devices/${id}/revoke`]: { requestId: 'r1', status: 'queued', statusUrl: '/v1/requests/r1' },
      'GET /v1/requests/r1': [request('queued'), request('running'), request('succeeded')],
    });
    const { output, out, err } = recorder();
    await revokeDevice({ client, output }, id, wait);
    expect(calls).toEqual([`GET /v1/devices/${id}`, `POST /v1/devices/${id}/revoke`, 'GET /v1/requests/r1', 'GET /v1/requests/r1', 'GET /v1/requests/r1']);
    expect(err).toEqual([`revoking PC01 (alice@contoso.com, ${id}): request r1`]);
    expect(out).toEqual([`revoked PC01 (alice@contoso.com): certificate 0a1b is in the CRL and device object ${id} is removed`]);
  });

  it('prints the failed request and exits 3', async () => {
    const failed = request('failed', { code: 'STORE_UNAVAILABLE', message: 'Redis is away' });
    const { client } = fakeApi({
      [`GET /v1/devices/${id}`]: workplace,
      [`POST /v1/devices/${id}/revoke`]: { requestId: 'r1', status: 'queued', statusUrl: '/v1/requests/r1' },
      'GET /v1/requests/r1': failed,
    });
    const { output, out } = recorder();
    const revoked = revokeDevice({ client, output }, id, wait);
    await expect(revoked).rejects.toThrow(CliError);
    await expect(revoked).rejects.toMatchObject({ exitCode: ExitCode.RequestFailed, message: 'request r1 failed: STORE_UNAVAILABLE: Redis is away' });
    expect(out.join('\n')).toMatch(/^status +failed$/m);
  });

  it('returns once the request is accepted with --no-wait, saying how to follow it', async () => {
    const { client, calls } = fakeApi({
      [`GET /v1/devices/${id}`]: workplace,
      [`POST /v1/devices/${id}/revoke`]: { requestId: 'r1', status: 'queued', statusUrl: '/v1/requests/r1' },
    });
    const { output, out } = recorder();
    await revokeDevice({ client, output }, id, noWait);
    expect(calls).toHaveLength(2);
    expect(out).toEqual(['revoke of PC01 requested: request r1 (queued); follow it with: enrollctl requests wait r1']);
  });

  it("passes the API's refusal of a bulk-enrolled device on", async () => {
    const { client } = fakeApi({
      [`GET /v1/devices/${bulk.id}`]: bulk,
      [`POST /v1/devices/${bulk.id}/revoke`]: Response.json({ error: { code: 'DEVICE_REVOKE_UNSUPPORTED', message: 'not yet available' } }, { status: 409 }),
    });
    const { output } = recorder();
    await expect(revokeDevice({ client, output }, bulk.id, wait)).rejects.toMatchObject({
      exitCode: ExitCode.Failed,
      message: 'DEVICE_REVOKE_UNSUPPORTED: not yet available',
    });
  });
});
