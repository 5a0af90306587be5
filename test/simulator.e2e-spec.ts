import { runSimulation } from '../apps/simulator/src/simulation';
import type { SimulationReport } from '../apps/simulator/src/simulation.types';
import { TestService } from './support/service';
import { runSimulatorCli } from './support/simulator-cli';

describe('device simulator (end to end)', () => {
  const service = new TestService('simulator');
  // No worker: every request stays queued, so the timeout path has something to time out.
  const stalled = new TestService('simulator-stalled');

  beforeAll(async () => {
    await Promise.all([service.start(2), stalled.start(0)]);
  });
  afterAll(async () => {
    await Promise.all([service.stop(), stalled.stop()]);
  });

  function expectSaneLatency(report: SimulationReport): void {
    const { latencyMs } = report;
    expect(latencyMs.count).toBe(report.completed);
    expect(latencyMs.p50).toBeGreaterThan(0);
    expect(latencyMs.p50).toBeLessThanOrEqual(latencyMs.p90);
    expect(latencyMs.p90).toBeLessThanOrEqual(latencyMs.p99);
    expect(latencyMs.p99).toBeLessThanOrEqual(latencyMs.max);
    expect(report.durationMs).toBeGreaterThan(0);
    expect(report.throughputPerSecond).toBeGreaterThan(0);
  }

  it('joins 5 PCs × 3 users, lets 40 % of them leave, enrolls 20 bulk devices, and says so', async () => {
    const progress: number[] = [];
    const report = await runSimulation({
      baseUrls: [service.baseUrl],
      adminKey: service.adminKey,
      pcs: 5,
      usersPerPc: 3,
      leaveRatio: 0.4,
      bulkDevices: 20,
      keyPoolSize: 4,
      onProgress: (p) => progress.push(p.completed + p.failed),
    });

    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ total: 41, completed: 41, failed: 0, checkedAfterTimeout: 0, rateLimited: 0 });
    expect(report.byFlow).toEqual({
      'workplace-join': { completed: 15, failed: 0 },
      'workplace-leave': { completed: 6, failed: 0 },
      'bulk-enrollment': { completed: 20, failed: 0 },
    });
    expectSaneLatency(report);
    expect(progress.at(-1)).toBe(41);

    // What the directory holds agrees: 15 user@device objects, 6 of them removed; 20 bulk devices.
    const workplace = await service.admin('GET', '/v1/devices?trustType=Workplace&limit=500');
    const removed = await service.admin('GET', '/v1/devices?trustType=Workplace&status=removed&limit=500');
    const bulk = await service.admin('GET', '/v1/devices?trustType=AzureAd&limit=500');
    expect(workplace.body.total).toBe(15);
    expect(removed.body.total).toBe(6);
    expect(bulk.body.total).toBe(20);
    expect(new Set(workplace.body.items.map((device: any) => device.deviceId)).size).toBe(5);
    expect(workplace.body.items.every((device: any) => device.osVersion === '6.1.7601')).toBe(true);
    expect(bulk.body.items.every((device: any) => /^SIM-\d{6}$/.test(device.displayName))).toBe(true);

    // The sample points at a device that is there, made by the request named.
    expect(report.sample).toBeDefined();
    const device = await service.admin('GET', `/v1/devices/${report.sample!.deviceObjectId}`);
    expect(device.status).toBe(200);
    expect(device.body.requestId).toBe(report.sample!.requestId);
    expect(device.body.status).toBe('active');
  });

  it('paces requests at a rate and over two orchestrators, and reports the pacing', async () => {
    const second = await service.startOrchestrator();
    const report = await runSimulation({
      baseUrls: [service.baseUrl, second],
      adminKey: service.adminKey,
      pcs: 4,
      usersPerPc: 2,
      leaveRatio: 0.5,
      bulkDevices: 10,
      ratePerSecond: 40,
      concurrency: 4,
      keyPoolSize: 2,
    });
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ total: 22, completed: 22, failed: 0 });
    expect(report.byFlow['workplace-leave']).toEqual({ completed: 4, failed: 0 });
    expectSaneLatency(report);
    expect(report.pacing).toMatchObject({ targetPerSecond: 40 });
    expect(report.pacing!.achievedPerSecond).toBeGreaterThan(0);
    expect(report.pacing!.heldBackByConcurrency).toBeGreaterThanOrEqual(0);
  });

  it('runs from the command line and prints the report as JSON, the admin key taken from the environment', async () => {
    const { code, stdout, stderr } = await runSimulatorCli(
      ['--url', service.baseUrl, '--pcs', '2', '--users', '2', '--leave-ratio', '0.5', '--bulk', '3', '--keys', '2', '--json'],
      { ENROLLCTL_ADMIN_KEY: service.adminKey },
    );

    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as SimulationReport;
    expect(report).toMatchObject({ total: 9, completed: 9, failed: 0 });
    expect(report.byFlow['workplace-leave'].completed).toBe(2);
    expect(report.latencyMs.count).toBe(9);
    expect(stderr).toMatch(/sent \d+\/9/); // progress, one plain line a second when not on a terminal
    expect(stdout + stderr).not.toContain(service.adminKey);
  });

  it('refuses bad command-line values with a clear message', async () => {
    const { code, stderr } = await runSimulatorCli(['--leave-ratio', '2', '--admin-key', 'x']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--leave-ratio');
    expect(stderr).toContain('must be a number from 0 to 1');
  });

  it('counts requests that never finish as failed after the timeout, and the leaves that could not follow', async () => {
    const report = await runSimulation({
      baseUrls: [stalled.baseUrl],
      adminKey: stalled.adminKey,
      pcs: 1,
      usersPerPc: 2,
      leaveRatio: 0.5,
      bulkDevices: 2,
      keyPoolSize: 1,
      timeoutMs: 1500,
    });
    expect(report).toMatchObject({ total: 5, completed: 0, failed: 5, checkedAfterTimeout: 4 });
    expect(report.byFlow).toEqual({
      'workplace-join': { completed: 0, failed: 2 },
      'workplace-leave': { completed: 0, failed: 1 },
      'bulk-enrollment': { completed: 0, failed: 2 },
    });
    const codes = report.failures.map((failure) => failure.code).sort();
    expect(codes).toEqual(['NOT_JOINED', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    expect(report.failures.find((failure) => failure.code === 'TIMEOUT')!.message).toContain('status queued');
    expect(report.latencyMs.count).toBe(0);
    expect(report.sample).toBeUndefined();
  });

  it('stops before sending anything when the admin key is refused, without showing the key', async () => {
    const wrongKey = 'not-the-admin-key-0123456789abcdef';
    const failure = await runSimulation({
      baseUrls: [service.baseUrl],
      adminKey: wrongKey,
      pcs: 0,
      usersPerPc: 1,
      leaveRatio: 0,
      bulkDevices: 1,
      keyPoolSize: 1,
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/POST \/v1\/bulk-tokens answered 401 ADMIN_KEY_INVALID/);
    expect(failure?.message).not.toContain(wrongKey);
  });
});
