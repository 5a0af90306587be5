import { randomUUID } from 'node:crypto';
import { EnrollmentError, ErrorCode } from '@app/enrollment';
import { rebootCommand } from './command-specs';
import { DeviceCommandService, idempotentCommandId } from './device-command.service';
import { fakeStores } from './testing/fake-management-stores';

describe(DeviceCommandService.name, () => {
  let stores: ReturnType<typeof fakeStores>;
  let sut: DeviceCommandService;
  const now = new Date('2030-03-01T10:00:00.000Z');
  const get = { verb: 'Get' as const, target: './DevDetail/SwV' };

  beforeEach(() => {
    stores = fakeStores();
    sut = new DeviceCommandService(stores.lookup, stores.commandRepository);
  });

  it('queues a pending command from an administrator, expiring after its time to live', async () => {
    const device = stores.device();

    const { command, created } = await sut.queue(device.id, get, { ttlSeconds: 3600 }, now);

    expect(created).toBe(true);
    expect(command).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      deviceObjectId: device.id,
      verb: 'Get',
      target: './DevDetail/SwV',
      origin: 'admin',
      status: 'pending',
      createdAt: '2030-03-01T10:00:00.000Z',
      expiresAt: '2030-03-01T11:00:00.000Z',
      deliveries: 0,
    });
    expect([...stores.commands.values()]).toEqual([command]);
  });

  it.each([
    ['an unknown device', () => '6f1c2d3e-0000-4000-8000-000000000001', ErrorCode.DeviceNotFound, /^No device object/],
    ['a device id that is not one', () => 'not-an-id', ErrorCode.DeviceNotFound, /^No device object not-an-id$/],
    [
      'a removed device',
      (s: ReturnType<typeof fakeStores>) => s.device({ status: 'removed', removedAt: '2030-02-01T00:00:00.000Z' }).id,
      ErrorCode.DeviceRemoved,
      /already removed/,
    ],
    [
      'a device enrolled with the JSON API',
      (s: ReturnType<typeof fakeStores>) => s.device({}, false).id,
      ErrorCode.DeviceNotManaged,
      /did not enroll over MS-MDE2/,
    ],
    [
      'a Workplace Join device',
      (s: ReturnType<typeof fakeStores>) => s.device({ trustType: 'Workplace', userPrincipalName: 'alice@contoso.com' }, false).id,
      ErrorCode.DeviceNotManaged,
      /did not enroll over MS-MDE2/,
    ],
    [
      'a device that unenrolled',
      (s: ReturnType<typeof fakeStores>) => {
        const id = s.device().id;
        s.managed.set(id, { deviceObjectId: id, mdmDeviceId: 'A1B2C3', sessions: 3, unenrolledAt: '2030-02-02T00:00:00.000Z', unenrollReason: 'device' });
        return id;
      },
      ErrorCode.DeviceNotManaged,
      /was unenrolled \(2030-02-02T00:00:00.000Z\)/,
    ],
  ])('refuses %s, queuing nothing', async (_, idOf, code, message) => {
    const queued = sut.queue(idOf(stores), get, { ttlSeconds: 3600 }, now);
    await expect(queued).rejects.toBeInstanceOf(EnrollmentError);
    await expect(queued).rejects.toMatchObject({ code, permanent: true, message: expect.stringMatching(message) });
    expect(stores.commands.size).toBe(0);
  });

  it('queues one command for a repeated Idempotency-Key, and says the repeat created nothing', async () => {
    const device = stores.device();
    const first = await sut.queue(device.id, rebootCommand(), { ttlSeconds: 3600, idempotencyKey: 'reboot-1' }, now);

    const again = await sut.queue(device.id, rebootCommand(), { ttlSeconds: 3600, idempotencyKey: 'reboot-1' }, new Date(now.getTime() + 5000));

    expect(first.created).toBe(true);
    expect(again).toEqual({ command: first.command, created: false });
    expect(stores.commands.size).toBe(1);
  });

  it('refuses an Idempotency-Key used before for another command', async () => {
    const device = stores.device();
    await sut.queue(device.id, rebootCommand(), { ttlSeconds: 3600, idempotencyKey: 'k' }, now);

    await expect(sut.queue(device.id, get, { ttlSeconds: 3600, idempotencyKey: 'k' }, now)).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    expect(stores.commands.size).toBe(1);
  });

  it('keeps the same key of two devices apart', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(idempotentCommandId(a, 'k')).not.toBe(idempotentCommandId(b, 'k'));
    expect(idempotentCommandId(a, 'k')).toBe(idempotentCommandId(a, 'k'));
    expect(idempotentCommandId(a, 'k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("lists a device's commands oldest first, a page at a time, even once the device is removed", async () => {
    const device = stores.device();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await sut.queue(device.id, { ...get, target: `./DevDetail/N${i}` }, { ttlSeconds: 3600 }, now)).command.id);
    stores.devices.set(device.id, { ...device, status: 'removed' });

    const page = await sut.list(device.id, { offset: 1, limit: 5 });

    expect(page.total).toBe(3);
    expect(page.items.map((command) => command.id)).toEqual(ids.slice(1));
  });

  it("answers one command of the device, and 404 for another device's", async () => {
    const [device, other] = [stores.device(), stores.device()];
    const { command } = await sut.queue(device.id, get, { ttlSeconds: 3600 }, now);

    await expect(sut.get(device.id, command.id.toUpperCase())).resolves.toEqual(command);
    await expect(sut.get(other.id, command.id)).rejects.toMatchObject({ code: ErrorCode.DeviceCommandNotFound });
    await expect(sut.get(device.id, 'x')).rejects.toMatchObject({ code: ErrorCode.DeviceCommandNotFound });
  });
});
