import { ApiClient } from '../api-client';
import { ExitCode } from '../cli-error';
import { requestText, RequestView, waitRequest } from './requests.command';

describe(requestText.name, () => {
  const request: RequestView = {
    requestId: '6f1c2d3e-0000-4000-8000-000000000001',
    flow: 'bulk-enrollment',
    status: 'succeeded',
    createdAt: '2030-01-10T12:00:00.000Z',
    finishedAt: '2030-01-10T12:00:02.500Z',
    subject: {},
    steps: [
      { name: 'authenticate', status: 'succeeded', attempts: 1 },
      { name: 'issue-certificate', status: 'succeeded', attempts: 2, error: { code: 'STORE_UNAVAILABLE', message: 'Redis is away' } },
    ],
    device: {
      id: 'd1',
      displayName: 'CONTOSO-0042',
      trustType: 'AzureAd',
      status: 'active',
      serialNumber: '5CG1',
      sccm: { name: 'PC01', adSite: 'Paris', resourceId: 16777220 },
    },
    certificate: { serialNumber: '0a1b', thumbprint: 'AB12', notAfter: '2031-01-10T12:00:00.000Z', status: 'valid' },
    mdmEnrollment: { enrollmentType: 'windowsBulkAzureDomainJoin', userless: true, conditionalAccessEligible: true },
  };

  it('shows the status, each step with its attempts and last error, the device and the certificate', () => {
    expect(requestText(request).split('\n')).toEqual([
      'request   6f1c2d3e-0000-4000-8000-000000000001',
      'flow      bulk-enrollment',
      'status    succeeded',
      'created   2030-01-10T12:00:00Z',
      'finished  2030-01-10T12:00:02Z',
      '',
      'STEP               STATUS     ATTEMPTS  ERROR',
      'authenticate       succeeded  1',
      'issue-certificate  succeeded  2         STORE_UNAVAILABLE: Redis is away',
      '',
      'device         d1 CONTOSO-0042 (AzureAd, active)',
      'serial number  5CG1',
      'sccm           resourceId=16777220 name=PC01 adSite=Paris',
      'mdm            windowsBulkAzureDomainJoin, userless',
      'certificate    0a1b (valid)',
      'thumbprint     AB12',
      'not after      2031-01-10T12:00:00Z',
    ]);
  });

  it('shows the error of a failed request and no device section without one', () => {
    const failed = requestText({
      ...request,
      status: 'failed',
      error: { code: 'NAME_COLLISION', message: 'taken' },
      device: undefined,
      certificate: undefined,
    });
    expect(failed).toContain('error     NAME_COLLISION: taken');
    expect(failed).not.toContain('device');
  });
});

describe(waitRequest.name, () => {
  const answers = (...statuses: Array<Partial<RequestView>>) => {
    const fetchImpl = async () => Response.json(statuses.length > 1 ? statuses.shift() : statuses[0]);
    return new ApiClient('http://api.test', 'admin-key-0123456789abcdef0123', fetchImpl);
  };
  const base = { requestId: 'r1', flow: 'workplace-leave', createdAt: '2030-01-10T12:00:00.000Z', subject: {}, steps: [] };

  it('says it waits, then prints the request once it has ended', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const client = answers({ ...base, status: 'running' }, { ...base, status: 'succeeded' });
    await waitRequest({ client, output: { json: false, out: (text) => out.push(text), err: (text) => err.push(text) } }, 'r1', {
      timeoutMs: 10_000,
      sleep: async () => undefined,
    });
    expect(err).toEqual(['waiting for request r1 (running)…']);
    expect(out.join('\n')).toMatch(/^status +succeeded$/m);
  });

  it('exits 3 with the error of a failed request, after printing it (as JSON with --json)', async () => {
    const out: string[] = [];
    const client = answers({ ...base, status: 'failed', error: { code: 'UPN_DOMAIN_NOT_ALLOWED', message: 'not allowed' } });
    const waited = waitRequest({ client, output: { json: true, out: (text) => out.push(text), err: () => undefined } }, 'r1', { timeoutMs: 10_000 });
    await expect(waited).rejects.toMatchObject({ exitCode: ExitCode.RequestFailed, message: 'request r1 failed: UPN_DOMAIN_NOT_ALLOWED: not allowed' });
    expect(JSON.parse(out[0])).toMatchObject({ requestId: 'r1', status: 'failed' });
  });
});
