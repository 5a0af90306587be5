import { MDM_RENEWED_CERTIFICATE_REVOKED, renewedCertificateActivityId } from '@app/enrollment';
import { RevokeRenewedCertificateHandler } from './revoke-renewed-certificate.handler';
import { deviceObject, failOnce, FakeDevices, FakeEvents, FakePki, fakeJournal } from './testing/management-fakes';

const DEVICE = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const OLD = '1a2b3c4d5e6f7a8b';
const CURRENT = '9f8e7d6c5b4a3f2e';
const RENEWED_AT = '2025-06-01T10:00:00.000Z';

describe(RevokeRenewedCertificateHandler.name, () => {
  let devices: FakeDevices;
  let pki: FakePki;
  let events: FakeEvents;
  let sut: RevokeRenewedCertificateHandler;

  beforeEach(() => {
    devices = new FakeDevices();
    pki = new FakePki();
    events = new FakeEvents();
    devices.objects.set(DEVICE, deviceObject(DEVICE, CURRENT));
    sut = new RevokeRenewedCertificateHandler(devices.asRepository(), pki.asService(), fakeJournal(events, devices));
  });

  const job = (serialNumber: string) => ({ deviceObjectId: DEVICE, serialNumber, renewedAt: RENEWED_AT });

  it('revokes the certificate the renewal replaced and writes 1220 under its own activity', async () => {
    await sut.revoke(job(OLD));

    expect([...pki.revoked]).toEqual([OLD]);
    expect(events.all).toEqual([
      expect.objectContaining({
        eventId: MDM_RENEWED_CERTIFICATE_REVOKED.id,
        activityId: renewedCertificateActivityId(DEVICE, OLD),
        deviceObjectId: DEVICE,
        data: expect.objectContaining({ SerialNumber: OLD, RenewedAt: RENEWED_AT }),
      }),
    ]);
  });

  it.each([
    ['as stored', CURRENT],
    ['in upper case', CURRENT.toUpperCase()],
  ])("never revokes the device's current certificate (serial %s), and writes nothing", async (_, serial) => {
    await sut.revoke(job(serial));

    expect(pki.revoked.size).toBe(0);
    expect(events.all).toEqual([]);
  });

  it('does nothing the second time', async () => {
    await sut.revoke(job(OLD));
    await sut.revoke(job(OLD));

    expect(pki.crlSignings).toBe(1);
    expect(events.symbols()).toEqual([MDM_RENEWED_CERTIFICATE_REVOKED.symbol]);
  });

  it('revokes again (re-signing the CRL) and writes its event once after a crash before the event', async () => {
    failOnce(events, 'append');
    await expect(sut.revoke(job(OLD))).rejects.toThrow('interrupted');

    await sut.revoke(job(OLD));

    expect(pki.revoked.has(OLD)).toBe(true);
    expect(events.symbols()).toEqual([MDM_RENEWED_CERTIFICATE_REVOKED.symbol]);
  });

  it('revokes the old certificate of a device whose object is gone', async () => {
    devices.objects.clear();

    await sut.revoke(job(OLD));

    expect([...pki.revoked]).toEqual([OLD]);
  });
});
