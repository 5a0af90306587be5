import { AppConfig, DeviceManagementJob, DeviceManagementQueue, ErrorCode } from '@app/enrollment';
import { DeviceCommandService } from './device-command.service';
import { UnenrollmentRequests } from './unenrollment-requests.service';
import { fakeStores } from './testing/fake-management-stores';

describe(UnenrollmentRequests.name, () => {
  let stores: ReturnType<typeof fakeStores>;
  let jobs: Array<{ name: string; data: unknown; options: Record<string, unknown> }>;
  let sut: UnenrollmentRequests;
  const now = new Date('2030-03-01T10:00:00.000Z');

  beforeEach(() => {
    stores = fakeStores();
    jobs = [];
    const queue = { add: async (name: string, data: unknown, options: Record<string, unknown>) => void jobs.push({ name, data, options }) };
    const config = { worker: { attempts: 5, backoffMs: 100 } } as AppConfig;
    sut = new UnenrollmentRequests(
      stores.lookup,
      new DeviceCommandService(stores.lookup, stores.commandRepository),
      stores.commandRepository,
      stores.managedRepository,
      queue as unknown as DeviceManagementQueue,
      config,
    );
  });

  it("queues the DMClient unenroll command of this service's provider, and notes the request", async () => {
    const device = stores.device();

    const outcome = await sut.request(device.id, now);

    expect(outcome).toEqual({ status: 'pending', commandId: expect.any(String) });
    expect(stores.commands.get((outcome as { commandId: string }).commandId)).toMatchObject({
      verb: 'Exec',
      target: './Vendor/MSFT/DMClient/Provider/EnrollmentOrchestrator/Unenroll',
      data: 'EnrollmentOrchestrator',
      format: 'chr',
      origin: 'unenroll',
      status: 'pending',
      expiresAt: '2030-03-31T10:00:00.000Z',
    });
    expect(stores.managed.get(device.id)?.unenrollRequestedAt).toBeDefined();
    expect(jobs).toEqual([]);
  });

  it('answers a repeated request with the command still waiting, and queues a new one once that one expired', async () => {
    const device = stores.device();
    const first = await sut.request(device.id, now);

    expect(await sut.request(device.id, now)).toEqual(first);
    expect(stores.commands.size).toBe(1);

    stores.commands.get((first as { commandId: string }).commandId)!.status = 'expired';
    const after = await sut.request(device.id, now);
    expect(after).not.toEqual(first);
    expect(stores.commands.size).toBe(2);
  });

  it('forces: enqueues the unenroll job once per device, with the reason forced', async () => {
    const device = stores.device();

    await expect(sut.force(device.id, now)).resolves.toEqual({ status: 'unenrolling' });

    expect(jobs).toEqual([
      {
        name: DeviceManagementJob.Unenroll,
        data: { deviceObjectId: device.id, reason: 'forced', at: '2030-03-01T10:00:00.000Z' },
        options: expect.objectContaining({ jobId: `unenroll.${device.id}`, attempts: 5 }),
      },
    ]);
    expect(stores.commands.size).toBe(0);
  });

  it.each([
    ['request', (s: UnenrollmentRequests, id: string) => s.request(id, now)],
    ['force', (s: UnenrollmentRequests, id: string) => s.force(id, now)],
  ])('%s: refuses a device not enrolled over MS-MDE2, changing nothing', async (_, act) => {
    const device = stores.device({}, false);
    await expect(act(sut, device.id)).rejects.toMatchObject({ code: ErrorCode.DeviceNotManaged });
    expect({ jobs, commands: stores.commands.size, managed: stores.managed.size }).toEqual({ jobs: [], commands: 0, managed: 0 });
  });
});
