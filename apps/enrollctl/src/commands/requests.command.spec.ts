import { requestText, RequestView } from './requests.command';

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
    const failed = requestText({ ...request, status: 'failed', error: { code: 'NAME_COLLISION', message: 'taken' }, device: undefined, certificate: undefined });
    expect(failed).toContain('error     NAME_COLLISION: taken');
    expect(failed).not.toContain('device');
  });
});
