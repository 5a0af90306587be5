import { MDM_UNENROLLED, unenrollmentActivityId } from '@app/enrollment';
import { DeviceUnenrollment } from './device-unenrollment.service';
import { deviceObject, failOnce, FakeDevices, FakeEvents, FakeManagedDevices, FakePki, fakeJournal } from './testing/management-fakes';

const DEVICE = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const SERIAL = '5a3f0c2e1b4d4e6f';
const AT = new Date('2025-06-01T10:00:00.000Z');

describe(DeviceUnenrollment.name, () => {
  let managed: FakeManagedDevices;
  let devices: FakeDevices;
  let pki: FakePki;
  let events: FakeEvents;
  let sut: DeviceUnenrollment;

  beforeEach(() => {
    managed = new FakeManagedDevices();
    devices = new FakeDevices();
    pki = new FakePki();
    events = new FakeEvents();
    devices.objects.set(DEVICE, deviceObject(DEVICE, SERIAL));
    sut = new DeviceUnenrollment(managed, devices.asRepository(), pki.asService(), fakeJournal(events, devices));
  });

  const unenrolled = () => events.all.filter((event) => event.symbol === MDM_UNENROLLED.symbol);

  it('marks the device unenrolled, revokes its current certificate, removes its object and writes 1210', async () => {
    await sut.unenroll(DEVICE, 'device', AT);

    expect(await managed.get(DEVICE)).toMatchObject({ unenrolledAt: AT.toISOString(), unenrollReason: 'device' });
    expect([...pki.revoked]).toEqual([SERIAL]);
    expect(devices.objects.get(DEVICE)).toMatchObject({ status: 'removed', removedAt: AT.toISOString() });
    expect(unenrolled()).toEqual([
      expect.objectContaining({
        eventId: 1210,
        activityId: unenrollmentActivityId(DEVICE),
        deviceObjectId: DEVICE,
        computer: 'CONTOSO-0042',
        data: expect.objectContaining({ Reason: 'device', SerialNumber: SERIAL }),
      }),
    ]);
  });

  it('does nothing the second time: no second mark, revocation, removal or event', async () => {
    await sut.unenroll(DEVICE, 'device', AT);
    await sut.unenroll(DEVICE, 'admin', new Date('2025-06-02T00:00:00.000Z'));

    expect([managed.markCalls, pki.crlSignings, devices.removeCalls, unenrolled().length]).toEqual([1, 1, 1, 1]);
    expect(await managed.get(DEVICE)).toMatchObject({ unenrolledAt: AT.toISOString(), unenrollReason: 'device' });
  });

  it.each([
    ['before the certificate is revoked', () => failOnce(pki, 'revoke')],
    ['before the device object is removed', () => failOnce(devices, 'remove')],
  ])('finishes the rest after a crash %s, and writes its event once', async (_, crash) => {
    crash();
    await expect(sut.unenroll(DEVICE, 'device', AT)).rejects.toThrow('interrupted');
    expect(unenrolled()).toEqual([]);

    await sut.unenroll(DEVICE, 'device', AT);

    expect(pki.revoked.has(SERIAL)).toBe(true);
    expect(devices.objects.get(DEVICE)?.status).toBe('removed');
    expect(unenrolled()).toHaveLength(1);
  });

  it('re-signs the CRL when a crash stopped between the revocation and the event, so that the CRL lists it', async () => {
    failOnce(events, 'append');
    await expect(sut.unenroll(DEVICE, 'device', AT)).rejects.toThrow('interrupted');

    await sut.unenroll(DEVICE, 'device', AT);

    expect(pki.crlSignings).toBe(2);
    expect(unenrolled()).toHaveLength(1);
  });

  it("reports the first request's reason when a later one finishes the work", async () => {
    failOnce(devices, 'remove');
    await expect(sut.unenroll(DEVICE, 'device', AT)).rejects.toThrow('interrupted');

    await sut.unenroll(DEVICE, 'forced', new Date('2025-06-01T11:00:00.000Z'));

    expect(unenrolled()[0].data.Reason).toBe('device');
    expect((await managed.get(DEVICE))?.unenrollReason).toBe('device');
  });

  it('unenrolls a device whose object is gone, revoking nothing', async () => {
    devices.objects.clear();

    await sut.unenroll(DEVICE, 'admin', AT);

    expect(pki.revoked.size).toBe(0);
    expect((await managed.get(DEVICE))?.unenrolledAt).toBe(AT.toISOString());
    expect(unenrolled()).toEqual([expect.objectContaining({ computer: DEVICE, data: expect.objectContaining({ Reason: 'admin' }) })]);
  });
});
