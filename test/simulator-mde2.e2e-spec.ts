import { runSimulation } from '../apps/simulator/src/simulation';
import type { SimulationPlan, SimulationReport } from '../apps/simulator/src/simulation.types';
import { TestService } from './support/service';
import { runSimulatorCli } from './support/simulator-cli';

describe('device simulator over MS-MDE2 (end to end)', () => {
  const service = new TestService('sim-mde2');
  // No worker, and a short wait: every RequestSecurityToken ends in the fault Windows retries.
  const stalled = new TestService('sim-mde2-wait');

  beforeAll(async () => {
    await Promise.all([service.start(2), stalled.start(0, { MDE2_ENROLLMENT_WAIT_MS: '1000' })]);
  });
  afterAll(async () => {
    await Promise.all([service.stop(), stalled.stop()]);
  });

  /** Windows 10 devices only, enrolling over MS-MDE2, sharing `keys` device keys. */
  const windowsDevices = (target: TestService, bulkDevices: number, keys: number): SimulationPlan => ({
    baseUrls: [target.baseUrl],
    adminKey: target.adminKey,
    pcs: 0,
    usersPerPc: 1,
    leaveRatio: 0,
    bulkDevices,
    bulkProtocol: 'mde2',
    keyPoolSize: keys,
  });

  it('enrolls 20 Windows-shaped devices, each listed once as a userless bulk enrollment', async () => {
    const report = await runSimulation(windowsDevices(service, 20, 4));

    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ total: 20, completed: 20, failed: 0, rateLimited: 0 });
    expect(report.byFlow['bulk-enrollment']).toEqual({ completed: 20, failed: 0 });
    expect(report.latencyMs.count).toBe(20);
    expect(report.throughputPerSecond).toBeGreaterThan(0);

    const listed = await service.admin('GET', '/v1/devices?enrollmentType=windowsBulkUserless&limit=500');
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(20);
    const items: any[] = listed.body.items;
    expect(new Set(items.map((device) => device.id)).size).toBe(20);
    // The MDM DeviceID is each device's key in the package: 32 upper-case hex digits, one per device.
    expect(new Set(items.map((device) => device.serialNumber)).size).toBe(20);
    expect(items.every((device) => /^[0-9A-F]{32}$/.test(device.serialNumber))).toBe(true);
    expect(items.every((device) => /^10\.0\.19045\.\d+$/.test(device.osVersion))).toBe(true);
  });

  it('runs from the command line with --bulk-protocol mde2', async () => {
    const { code, stdout, stderr } = await runSimulatorCli(
      ['--url', service.baseUrl, '--pcs', '0', '--bulk', '3', '--bulk-protocol', 'mde2', '--keys', '1', '--json'],
      { ENROLLCTL_ADMIN_KEY: service.adminKey },
    );

    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as SimulationReport;
    expect(report).toMatchObject({ total: 3, completed: 3, failed: 0 });
    expect(stdout + stderr).not.toContain(service.adminKey);
  });

  it('counts a device whose RequestSecurityToken ends in a SOAP fault as failed, with its subcode and reason', async () => {
    const report = await runSimulation(windowsDevices(stalled, 2, 1));

    expect(report).toMatchObject({ total: 2, completed: 0, failed: 2 });
    expect(report.failures).toHaveLength(2);
    for (const failure of report.failures) {
      expect(failure).toMatchObject({ flow: 'bulk-enrollment', code: 'EnrollmentServer' });
      expect(failure.message).toMatch(/^RequestSecurityToken: .*EnrollmentServerBusy/);
      expect(failure.status).toBeGreaterThanOrEqual(500);
    }
  });
});
