import { runSimulation } from '../apps/simulator/src/simulation';
import type { SimulationPlan } from '../apps/simulator/src/simulation.types';
import { TestService } from './support/service';

describe('device simulator over MS-DVRJ (end to end)', () => {
  const service = new TestService('sim-dvrj');

  beforeAll(async () => {
    await service.start(2);
  });
  afterAll(async () => {
    await service.stop();
  });

  /** Windows PCs only, registering their users over MS-DVRJ, sharing `keys` device keys. */
  const pcs = (count: number, usersPerPc: number, leaveRatio: number): SimulationPlan => ({
    baseUrls: [service.baseUrl],
    adminKey: service.adminKey,
    pcs: count,
    usersPerPc,
    leaveRatio,
    bulkDevices: 0,
    workplaceProtocol: 'dvrj',
    keyPoolSize: 4,
  });

  it('registers 4 PCs × 3 users through discovery and MS-DVRJ, one device object per user@device, and half of them leave', async () => {
    const report = await runSimulation(pcs(4, 3, 0.5));

    expect(report.failures).toEqual([]);
    expect(report.byFlow['workplace-join']).toEqual({ completed: 12, failed: 0 });
    expect(report.byFlow['workplace-leave'].failed).toBe(0);
    const left = report.byFlow['workplace-leave'].completed;
    expect(left).toBeGreaterThan(0);

    const listed = await service.admin('GET', '/v1/devices?trustType=Workplace&limit=500');
    expect(listed.status).toBe(200);
    const items: any[] = listed.body.items;
    expect(items).toHaveLength(12);
    expect(new Set(items.map((device) => `${device.userPrincipalName}|${device.deviceId}`)).size).toBe(12);
    expect(new Set(items.map((device) => device.deviceId)).size).toBe(4);
    expect(items.filter((device) => device.status === 'removed')).toHaveLength(left);
  });
});
