import {
  DeviceCommand,
  managementSessionActivityId,
  MDM_COMMAND_EXPIRED,
  MDM_COMMAND_FAILED,
  MDM_COMMAND_SUCCEEDED,
  MDM_SESSION_ENDED,
  MDM_SESSION_STARTED,
  MDM_UNENROLLED,
  RecordSessionJobData,
} from '@app/enrollment';
import { DeviceUnenrollment } from './device-unenrollment.service';
import { RecordSessionHandler } from './record-session.handler';
import { deviceObject, failOnce, FakeDeviceCommands, FakeDevices, FakeEvents, FakeManagedDevices, FakePki, fakeJournal } from './testing/management-fakes';

const DEVICE = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const MDM_DEVICE_ID = '{5A3F0C2E-1B4D-4E6F-8A9B-0C1D2E3F4A5B}';
const SERIAL = '5a3f0c2e1b4d4e6f';
const SESSION = '1A';
const ACTIVITY = managementSessionActivityId(DEVICE, SESSION);
const SECRET = 'wifi-passphrase-never-logged';

function message(msgId: number, extra: Partial<RecordSessionJobData> = {}): RecordSessionJobData {
  return {
    deviceObjectId: DEVICE,
    mdmDeviceId: MDM_DEVICE_ID,
    sessionId: SESSION,
    msgId,
    at: new Date(Date.UTC(2025, 5, 1, 10, 0, msgId)).toISOString(),
    sessionStarted: false,
    outcomes: [],
    expired: [],
    unenrollRequested: false,
    ...extra,
  };
}

function command(id: string, extra: Partial<DeviceCommand> = {}): DeviceCommand {
  return {
    id,
    deviceObjectId: DEVICE,
    verb: 'Replace',
    target: './Device/Vendor/MSFT/WiFi/Profile/Corp/WlanXml',
    data: SECRET,
    format: 'chr',
    origin: 'admin',
    status: 'sent',
    createdAt: '2025-06-01T09:00:00.000Z',
    expiresAt: '2025-06-08T09:00:00.000Z',
    deliveries: 1,
    ...extra,
  };
}

describe(RecordSessionHandler.name, () => {
  let managed: FakeManagedDevices;
  let commands: FakeDeviceCommands;
  let devices: FakeDevices;
  let pki: FakePki;
  let events: FakeEvents;
  let sut: RecordSessionHandler;

  beforeEach(() => {
    managed = new FakeManagedDevices();
    commands = new FakeDeviceCommands();
    devices = new FakeDevices();
    pki = new FakePki();
    events = new FakeEvents();
    devices.objects.set(DEVICE, deviceObject(DEVICE, SERIAL));
    const journal = fakeJournal(events, devices);
    sut = new RecordSessionHandler(managed, commands, new DeviceUnenrollment(managed, devices.asRepository(), pki.asService(), journal), journal);
  });

  const eventsOf = (symbol: string) => events.all.filter((event) => event.symbol === symbol);

  describe('check-in', () => {
    it('counts a session that starts and writes 208 under the session activity, filed under the device', async () => {
      await sut.record(message(1, { sessionStarted: true }));

      expect(await managed.get(DEVICE)).toMatchObject({ mdmDeviceId: MDM_DEVICE_ID, sessions: 1, lastCheckInAt: message(1).at });
      expect(events.all).toEqual([
        expect.objectContaining({
          eventId: 208,
          activityId: ACTIVITY,
          deviceObjectId: DEVICE,
          computer: 'CONTOSO-0042',
          data: expect.objectContaining({ MdmDeviceId: MDM_DEVICE_ID, SessionId: SESSION }),
        }),
      ]);
    });

    it('counts the session once and writes 208 once when the job runs twice', async () => {
      await sut.record(message(1, { sessionStarted: true }));
      await sut.record(message(1, { sessionStarted: true }));

      expect((await managed.get(DEVICE))?.sessions).toBe(1);
      expect(eventsOf(MDM_SESSION_STARTED.symbol)).toHaveLength(1);
    });

    it('records a later message of the session as a check-in only, reading no events', async () => {
      const byRequest = jest.spyOn(events, 'byRequest');

      await sut.record(message(3));

      expect(await managed.get(DEVICE)).toMatchObject({ sessions: 0, lastCheckInAt: message(3).at });
      expect(byRequest).not.toHaveBeenCalled();
      expect(events.all).toEqual([]);
    });

    it('gives each session of a device its own activity', async () => {
      await sut.record(message(1, { sessionStarted: true }));
      await sut.record(message(1, { sessionStarted: true, sessionId: '1B' }));

      expect(new Set(events.all.map((event) => event.activityId))).toEqual(new Set([ACTIVITY, managementSessionActivityId(DEVICE, '1B')]));
      expect((await managed.get(DEVICE))?.sessions).toBe(2);
    });
  });

  describe('inventory', () => {
    it('stores the inventory fields found among the reported LocURIs', async () => {
      await sut.record(message(2, { inventory: { './DevInfo/Man': 'Contoso', './DevDetail/SwV': '10.0.19045.2965', './DevInfo/DevId': 'ignored' } }));

      expect(await managed.get(DEVICE)).toMatchObject({
        inventory: { manufacturer: 'Contoso', osVersion: '10.0.19045.2965' },
        inventoryAt: message(2).at,
      });
    });

    it.each([
      ['no inventory', undefined],
      ['no inventory node', { './Vendor/MSFT/DMClient/Provider/X/EntDMID': 'x' }],
      ['only empty values', { './DevInfo/Man': '' }],
    ])('records no inventory for a message with %s', async (_, inventory) => {
      await sut.record(message(2, { inventory }));

      expect((await managed.get(DEVICE))?.inventoryAt).toBeUndefined();
    });
  });

  describe('command outcomes', () => {
    it.each([
      ['200', 'succeeded', MDM_COMMAND_SUCCEEDED],
      ['404', 'failed', MDM_COMMAND_FAILED],
      ['500', 'failed', MDM_COMMAND_FAILED],
    ])('records status %s as %s, with its event naming verb, LocURI and status', async (statusCode, status, definition) => {
      await commands.add(command('c1'));

      await sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode }] }));

      expect(await commands.get(DEVICE, 'c1')).toMatchObject({ status, statusCode, completedAt: message(2).at });
      expect(events.all).toEqual([
        expect.objectContaining({
          eventId: definition.id,
          activityId: ACTIVITY,
          deviceObjectId: DEVICE,
          data: expect.objectContaining({
            CommandId: 'c1',
            CommandType: 'Replace',
            CspUri: './Device/Vendor/MSFT/WiFi/Profile/Corp/WlanXml',
            StatusCode: statusCode,
          }),
        }),
      ]);
    });

    it("never writes a command's data in an event", async () => {
      await commands.add(command('c1'));
      await commands.add(command('c2', { status: 'pending', expiresAt: '2025-06-01T09:30:00.000Z' }));

      await sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode: '500' }], expired: ['c2'] }));

      expect(events.all).toHaveLength(2);
      expect(JSON.stringify(events.all)).not.toContain(SECRET);
    });

    it('keeps the first outcome: a later answer to a redelivered command changes nothing and writes nothing', async () => {
      await commands.add(command('c1'));
      await sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode: '200' }] }));

      await sut.record(message(4, { outcomes: [{ commandId: 'c1', statusCode: '500' }] }));

      expect(await commands.get(DEVICE, 'c1')).toMatchObject({ status: 'succeeded', statusCode: '200', completedAt: message(2).at });
      expect(events.symbols()).toEqual([MDM_COMMAND_SUCCEEDED.symbol]);
    });

    it('writes the event of a command its message completed when the job runs again after a crash before the event', async () => {
      await commands.add(command('c1'));
      failOnce(events, 'append');
      await expect(sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode: '200' }] }))).rejects.toThrow('interrupted');

      await sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode: '200' }] }));
      await sut.record(message(2, { outcomes: [{ commandId: 'c1', statusCode: '200' }] }));

      expect(events.symbols()).toEqual([MDM_COMMAND_SUCCEEDED.symbol]);
    });

    it("records nothing for the session's own inventory Get or a command it does not know", async () => {
      await sut.record(
        message(2, {
          outcomes: [
            { commandId: 'inventory', statusCode: '200' },
            { commandId: 'gone', statusCode: '200' },
          ],
        }),
      );

      expect(events.all).toEqual([]);
    });

    it('writes 1201 once for each command that expired', async () => {
      await commands.add(command('c2', { verb: 'Exec', target: './Device/Vendor/MSFT/Reboot/RebootNow', status: 'expired' }));

      await sut.record(message(2, { expired: ['c2'] }));
      await sut.record(message(2, { expired: ['c2'] }));

      expect(eventsOf(MDM_COMMAND_EXPIRED.symbol)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ CommandId: 'c2', CommandType: 'Exec', CspUri: './Device/Vendor/MSFT/Reboot/RebootNow' }) }),
      ]);
    });
  });

  describe('unenrollment', () => {
    it('unenrolls the device (reason device) when it sent Alert 1226', async () => {
      await sut.record(message(1, { sessionStarted: true, unenrollRequested: true, ended: 'final' }));

      expect(await managed.get(DEVICE)).toMatchObject({ unenrollReason: 'device' });
      expect([...pki.revoked]).toEqual([SERIAL]);
      expect(devices.objects.get(DEVICE)?.status).toBe('removed');
      expect(events.symbols()).toEqual([MDM_SESSION_STARTED.symbol, MDM_UNENROLLED.symbol, MDM_SESSION_ENDED.symbol]);
    });

    it('unenrolls the device (reason admin) once it acknowledged the unenroll command with a 2xx', async () => {
      await commands.add(command('u1', { origin: 'unenroll', verb: 'Exec', target: './Device/Vendor/MSFT/DMClient/Provider/MDM/Unenroll' }));

      await sut.record(message(2, { outcomes: [{ commandId: 'u1', statusCode: '200' }] }));

      expect(await managed.get(DEVICE)).toMatchObject({ unenrollReason: 'admin' });
      expect(eventsOf(MDM_UNENROLLED.symbol)).toHaveLength(1);
    });

    it('leaves the device enrolled when it refused the unenroll command', async () => {
      await commands.add(command('u1', { origin: 'unenroll', verb: 'Exec' }));

      await sut.record(message(2, { outcomes: [{ commandId: 'u1', statusCode: '405' }] }));

      expect((await managed.get(DEVICE))?.unenrolledAt).toBeUndefined();
      expect(pki.revoked.size).toBe(0);
    });

    it('still unenrolls when the job runs again after a crash between the acknowledgement and the unenrollment', async () => {
      await commands.add(command('u1', { origin: 'unenroll', verb: 'Exec' }));
      failOnce(managed, 'markUnenrolled');
      await expect(sut.record(message(2, { outcomes: [{ commandId: 'u1', statusCode: '200' }] }))).rejects.toThrow('interrupted');

      await sut.record(message(2, { outcomes: [{ commandId: 'u1', statusCode: '200' }] }));

      expect(await managed.get(DEVICE)).toMatchObject({ unenrollReason: 'admin' });
      expect(eventsOf(MDM_UNENROLLED.symbol)).toHaveLength(1);
    });
  });

  describe('session end', () => {
    it.each([
      ['final', 'The operation completed successfully.'],
      ['aborted', 'The session was aborted by the device (Alert 1223).'],
    ] as const)('writes 209 once for a session that ended (%s)', async (ended, status) => {
      await sut.record(message(5, { ended }));
      await sut.record(message(5, { ended }));

      expect(eventsOf(MDM_SESSION_ENDED.symbol)).toEqual([
        expect.objectContaining({ activityId: ACTIVITY, data: expect.objectContaining({ SessionStatus: status }) }),
      ]);
    });
  });
});
