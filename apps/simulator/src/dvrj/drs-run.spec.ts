import { ApiClient } from '../api-client';
import { planDevices, sendOrder } from '../devices';
import { KeyPool } from '../key-pool';
import { systemClock } from '../pacer';
import { SimulationRun } from '../simulation-run';
import { prepareDrs } from './drs-preparation';
import { FakeDeviceRegistrationService } from './testing/fake-device-registration-service';

describe(`${SimulationRun.name} over MS-DVRJ`, () => {
  const devices = planDevices({ pcs: 3, usersPerPc: 2, leaveRatio: 0.5, bulkDevices: 0, tag: 'K3ZQ' });
  const userTokens = new Map(devices.joins.map((join) => [join.upn, `token-${join.upn}`]));
  let fake: FakeDeviceRegistrationService;
  let client: ApiClient;
  let keys: KeyPool;

  beforeAll(async () => {
    fake = await FakeDeviceRegistrationService.start(new Map([...userTokens].map(([upn, token]) => [token, upn])));
    client = new ApiClient([fake.baseUrl]);
    keys = await KeyPool.create(2);
  });
  afterAll(async () => {
    client.close();
    await fake.close();
  });

  const runWith = (timeoutMs = 10_000) =>
    new SimulationRun(
      { client, adminKey: 'k', clock: systemClock, keys, userTokens, drs: prepareDrs(devices, keys), domain: devices.domain, concurrency: 4, timeoutMs },
      sendOrder(devices),
      devices.total,
    );

  it('registers every user@PC, deletes the device object of those that leave, and counts them per flow', async () => {
    const sut = runWith();

    await sut.run();

    expect(sut.tally.report(sut.firstSentAt).byFlow).toEqual({
      'workplace-join': { completed: 6, failed: 0 },
      'workplace-leave': { completed: 3, failed: 0 },
      'bulk-enrollment': { completed: 0, failed: 0 },
    });
    expect(fake.devices.size).toBe(3);
    const registered = [...sut.registeredOverDrs.values()];
    const deleted = fake.seen.filter((request) => request.method === 'DELETE').map((request) => request.path.split('/').at(-1)!);
    expect(registered).toHaveLength(6);
    expect(deleted).toHaveLength(3);
    expect(registered).toEqual(expect.arrayContaining(deleted));
    expect([...fake.devices.keys()].sort()).toEqual(registered.filter((id) => !deleted.includes(id)).sort());
    expect(fake.seen.filter((request) => request.method === 'POST').map((request) => request.body?.DeviceDisplayName)).toEqual(
      expect.arrayContaining(devices.pcs.map((pc) => pc.name)),
    );
  });

  it('fails a refused registration with the service’s code, and does not send its leave', async () => {
    fake.faults = { registrationStatus: 400 };
    const sut = runWith();

    await sut.run();
    fake.faults = {};

    const report = sut.tally.report(sut.firstSentAt);
    expect(report.byFlow['workplace-join']).toEqual({ completed: 0, failed: 6 });
    expect(report.byFlow['workplace-leave']).toEqual({ completed: 0, failed: 3 });
    expect(report.failures[0]).toMatchObject({ flow: 'workplace-join', status: 400, code: 'invalid_request' });
  });
});
