import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSyncml } from '../syncml/syncml.parser';
import { renderedSize } from '../syncml/syncml-split';
import type { SyncmlCommand, SyncmlHeader, SyncmlMessage, SyncmlStatus } from '../syncml/syncml.types';
import type { DeviceCommand, DeviceCommandVerb } from './device-command.model';
import { INVENTORY_NODES } from './managed-device.model';
import { INVENTORY_COMMAND_ID, type ManagementSessionState } from './management-session.model';
import type { SessionMessageInput } from './session-answer';
import { answerSessionMessage } from './session-answer.logic';
import { RecordSessionJobSchema } from '../queues/device-management.queue';

const SERVER = 'https://mdm.example.com/ManagementServer/MDM.svc';
const DEVICE_OBJECT = '0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const MDM_DEVICE = '5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2025-03-01T10:00:00.000Z');

const fixture = (name: string): SyncmlMessage => parseSyncml(readFileSync(join(__dirname, '..', 'syncml', 'fixtures', name), 'utf8'));
const package1 = fixture('fleet-package1.xml');

function deviceMessage(msgId: number, commands: SyncmlCommand[], final = true, extra: Partial<SyncmlHeader> = {}): SyncmlMessage {
  const header: SyncmlHeader = { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '0', msgId, target: SERVER, source: MDM_DEVICE, ...extra };
  return { header, commands, final };
}

function command(id: string, verb: DeviceCommandVerb, target: string, extra: Partial<DeviceCommand> = {}): DeviceCommand {
  return {
    id,
    deviceObjectId: DEVICE_OBJECT,
    verb,
    target,
    origin: 'admin',
    status: 'pending',
    createdAt: '2025-03-01T09:00:00.000Z',
    expiresAt: '2025-03-02T09:00:00.000Z',
    deliveries: 0,
    ...extra,
  };
}

function input(message: SyncmlMessage, changes: Partial<SessionMessageInput> = {}): SessionMessageInput {
  return {
    message,
    state: null,
    device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: false },
    due: [],
    expired: [],
    serverUri: SERVER,
    now: NOW,
    ...changes,
  };
}

function state(changes: Partial<ManagementSessionState> = {}): ManagementSessionState {
  return {
    deviceObjectId: DEVICE_OBJECT,
    sessionId: '0',
    lastMsgId: 1,
    nextMsgId: 2,
    nextCmdId: 10,
    sent: {},
    queued: [],
    answered: [],
    inventoryAsked: true,
    ended: false,
    startedAt: '2025-03-01T09:59:00.000Z',
    ...changes,
  };
}

const statusesOf = (message: SyncmlMessage) => message.commands.filter((c): c is SyncmlStatus => c.kind === 'Status');
const sentOf = (message: SyncmlMessage) => message.commands.filter((c) => c.kind !== 'Status');
/** The device's Status for each of the server's commands, as Windows answers a message. */
const answersTo = (reply: SyncmlMessage, code = '200'): SyncmlStatus[] =>
  [{ cmdId: 0, kind: 'SyncHdr' }, ...sentOf(reply)].map((sent, index) => ({
    kind: 'Status',
    cmdId: index + 1,
    msgRef: reply.header.msgId,
    cmdRef: sent.cmdId,
    cmd: sent.kind,
    data: code,
  }));

describe(answerSessionMessage.name, () => {
  describe('package 1', () => {
    const sut = answerSessionMessage(input(package1));

    it('replies in the same session, to the device, from the server, as MsgID 1', () => {
      expect(sut.reply.header).toEqual({ verDTD: '1.2', verProto: 'DM/1.2', sessionId: '0', msgId: 1, target: MDM_DEVICE, source: SERVER });
    });

    it('answers the SyncHdr and every command with MsgRef, CmdRef, Cmd and the item refs', () => {
      expect(sut.reply.commands).toEqual([
        { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '200', targetRef: [SERVER], sourceRef: [MDM_DEVICE] },
        { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef: 2, cmd: 'Alert', data: '200' },
        { kind: 'Status', cmdId: 3, msgRef: 1, cmdRef: 3, cmd: 'Alert', data: '200' },
        {
          kind: 'Status',
          cmdId: 4,
          msgRef: 1,
          cmdRef: 4,
          cmd: 'Replace',
          data: '200',
          sourceRef: ['./DevInfo/DevId', './DevInfo/Man', './DevInfo/Mod', './DevInfo/DmV', './DevInfo/Lang'],
        },
      ]);
    });

    it('records the session start and the DevInfo pairs of the Replace', () => {
      expect(sut.record).toEqual({
        deviceObjectId: DEVICE_OBJECT,
        mdmDeviceId: MDM_DEVICE,
        sessionId: '0',
        msgId: 1,
        sessionStarted: true,
        inventory: {
          './DevInfo/DevId': MDM_DEVICE,
          './DevInfo/Man': 'VMware, Inc.',
          './DevInfo/Mod': 'VMware7,1',
          './DevInfo/DmV': '1.3',
          './DevInfo/Lang': 'en-US',
        },
        outcomes: [],
        expired: [],
        ended: 'final',
        unenrollRequested: false,
      });
    });

    it('ends the session when the device is done and the server has nothing to send', () => {
      expect(sut.reply.final).toBe(true);
      expect(sut.state).toEqual({
        deviceObjectId: DEVICE_OBJECT,
        sessionId: '0',
        lastMsgId: 1,
        nextMsgId: 2,
        nextCmdId: 5,
        sent: {},
        queued: [],
        answered: [],
        inventoryAsked: false,
        ended: true,
        startedAt: NOW.toISOString(),
      });
      expect(sut.state.lastReply).toBeUndefined();
    });

    it('reads the specification example too: a LoginStatus alert and a Replace, without 1201', () => {
      const answer = answerSessionMessage(input(fixture('spec-package1.xml')));
      expect(statusesOf(answer.reply).map((s) => [s.cmdRef, s.cmd, s.data])).toEqual([
        [0, 'SyncHdr', '200'],
        [2, 'Alert', '200'],
        [3, 'Replace', '200'],
      ]);
      expect(answer.record.sessionStarted).toBe(false);
      expect(answer.record.inventory).toEqual({ './DevInfo/DevId': '{unique device id}', './DevInfo/Man': 'Microsoft Corporation' });
    });
  });

  describe('the inventory Get', () => {
    it('asks every inventory leaf in one Get at the first message of a device without inventory', () => {
      const sut = answerSessionMessage(input(package1, { device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true } }));
      expect(sentOf(sut.reply)).toEqual([{ kind: 'Get', cmdId: 5, items: Object.values(INVENTORY_NODES).map((target) => ({ target })) }]);
      expect(sut.state).toMatchObject({ sent: { '5': { commandId: INVENTORY_COMMAND_ID, msgId: 1 } }, inventoryAsked: true, ended: false, nextCmdId: 6 });
      expect(sut.sentCommandIds).toEqual([]);
      expect(sut.record.ended).toBeUndefined();
    });

    it('is not asked twice in a session', () => {
      const sut = answerSessionMessage(
        input(deviceMessage(2, []), {
          state: state({ inventoryAsked: true }),
          device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true },
        }),
      );
      expect(sentOf(sut.reply)).toEqual([]);
    });

    it('stores its Results as inventory, not as an outcome', () => {
      const results: SyncmlCommand = {
        kind: 'Results',
        cmdId: 3,
        msgRef: 1,
        cmdRef: 5,
        items: [
          { source: './DevDetail/SwV', meta: { format: 'chr' }, data: '10.0.22631.3155' },
          { source: './DevDetail/Ext/Microsoft/SMBIOSSerialNumber', data: 'VMware-56 4d' },
          { source: './DevDetail/FwV' },
        ],
      };
      const status: SyncmlCommand = { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef: 5, cmd: 'Get', data: '200' };
      const sut = answerSessionMessage(
        input(deviceMessage(2, [status, results]), { state: state({ sent: { '5': { commandId: INVENTORY_COMMAND_ID, msgId: 1 } } }) }),
      );
      expect(sut.record.inventory).toEqual({ './DevDetail/SwV': '10.0.22631.3155', './DevDetail/Ext/Microsoft/SMBIOSSerialNumber': 'VMware-56 4d' });
      expect(sut.record.outcomes).toEqual([]);
      expect(sut.state.sent).toEqual({});
    });
  });

  describe('the SyncHdr Status and the credential', () => {
    it.each([
      ['no Cred', '200', undefined, undefined],
      ['a Cred accepted', '212', { accepted: true, nextNonce: 'bmV4dA==' }, { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'bmV4dA==' }],
      ['a Cred refused', '401', { accepted: false, nextNonce: 'YWdhaW4=' }, { type: 'syncml:auth-md5', format: 'b64', nextNonce: 'YWdhaW4=' }],
    ])('%s → %s', (_case, code, credential, chal) => {
      const sut = answerSessionMessage(input(package1, credential ? { credential } : {}));
      const header = statusesOf(sut.reply)[0];
      expect([header.cmdRef, header.msgRef, header.data]).toEqual([0, 1, code]);
      expect(header.chal).toEqual(chal);
    });

    describe('a refused Cred', () => {
      const previous = state({ sent: { '7': { commandId: 'cmd-a', msgId: 1 } }, queued: ['cmd-b'], inventoryAsked: false });
      const message = deviceMessage(2, [
        { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 7, cmd: 'Replace', data: '200' },
        { kind: 'Alert', cmdId: 2, data: '1226', items: [{ meta: { type: 'com.microsoft:mdm.unenrollment.userrequest' }, data: '1' }] },
        { kind: 'Replace', cmdId: 3, items: [{ source: './DevInfo/Man', data: 'X' }] },
      ]);
      const sut = answerSessionMessage(
        input(message, {
          state: previous,
          credential: { accepted: false, nextNonce: 'YWdhaW4=' },
          due: [command('cmd-b', 'Get', './Device/Vendor/MSFT/X')],
          expired: ['cmd-old'],
          device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true },
        }),
      );

      it('answers the header only, Final, and sends nothing', () => {
        expect(sut.reply.commands).toHaveLength(1);
        expect(sut.reply.final).toBe(true);
        expect(sut.sentCommandIds).toEqual([]);
      });

      it('records the check-in only', () => {
        expect(sut.record).toEqual({
          deviceObjectId: DEVICE_OBJECT,
          mdmDeviceId: MDM_DEVICE,
          sessionId: '0',
          msgId: 2,
          sessionStarted: false,
          outcomes: [],
          expired: ['cmd-old'],
          unenrollRequested: false,
        });
      });

      it('keeps the session open for the retry, its commands still awaited and queued', () => {
        expect(sut.state).toEqual({ ...previous, lastMsgId: 2, nextMsgId: 3, nextCmdId: 11 });
      });
    });
  });

  describe('commands from the device', () => {
    it.each([
      ['Get', '406', { kind: 'Get', cmdId: 2, items: [{ target: './DevDetail/SwV' }] }],
      ['Exec', '406', { kind: 'Exec', cmdId: 2, items: [{ target: './Vendor/MSFT/Reboot/RebootNow' }] }],
      ['Delete', '406', { kind: 'Delete', cmdId: 2, items: [{ target: './Vendor/MSFT/X' }] }],
      ['an unmodelled command', '406', { kind: 'Unknown', name: 'Sequence', cmdId: 2 }],
      ['an unknown Alert code', '406', { kind: 'Alert', cmdId: 2, data: '1100', items: [] }],
      ['Add outside DevInfo', '200', { kind: 'Add', cmdId: 2, items: [{ source: './Vendor/MSFT/X', data: '1' }] }],
      ['Alert 1224', '200', { kind: 'Alert', cmdId: 2, data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus' }, data: 'user' }] }],
      ['Alert 1222', '200', { kind: 'Alert', cmdId: 2, data: '1222', items: [] }],
      ['Alert 1200', '200', { kind: 'Alert', cmdId: 2, data: '1200', items: [] }],
    ] as Array<[string, string, SyncmlCommand]>)('%s → %s', (_case, code, received) => {
      const sut = answerSessionMessage(input(deviceMessage(1, [received])));
      expect(statusesOf(sut.reply)[1]).toMatchObject({ msgRef: 1, cmdRef: 2, data: code });
      expect(sut.record.inventory).toBeUndefined();
    });

    it('keeps every DevInfo and DevDetail pair of an Add, not only the inventory leaves', () => {
      const add: SyncmlCommand = {
        kind: 'Add',
        cmdId: 2,
        items: [
          { source: './DevDetail/Ext/Microsoft/ProcessorArchitecture', data: '9' },
          { target: './DevInfo/Mod', data: 'Surface' },
          { source: './Vendor/MSFT/Other', data: 'no' },
        ],
      };
      const sut = answerSessionMessage(input(deviceMessage(1, [add])));
      expect(sut.record.inventory).toEqual({ './DevDetail/Ext/Microsoft/ProcessorArchitecture': '9', './DevInfo/Mod': 'Surface' });
    });

    it('leaves out a pair longer than a record can hold', () => {
      const replace: SyncmlCommand = {
        kind: 'Replace',
        cmdId: 2,
        items: [
          { source: './DevInfo/Man', data: 'm'.repeat(4097) },
          { source: `./DevInfo/${'n'.repeat(1020)}`, data: '1' },
          { source: './DevInfo/Mod', data: 'm'.repeat(4096) },
        ],
      };
      expect(answerSessionMessage(input(deviceMessage(1, [replace]))).record.inventory).toEqual({ './DevInfo/Mod': 'm'.repeat(4096) });
    });

    it.each([
      ['the unenrollment type', true, 'com.microsoft:mdm.unenrollment.userrequest'],
      ['another generic alert', false, 'com.microsoft/MDM/AADUserToken'],
    ])('Alert 1226 with %s: unenrollRequested %s', (_case, requested, type) => {
      const alert: SyncmlCommand = { kind: 'Alert', cmdId: 2, data: '1226', items: [{ meta: { type, format: 'int' }, data: '1' }] };
      const sut = answerSessionMessage(input(deviceMessage(1, [{ kind: 'Alert', cmdId: 1, data: '1201', items: [] }, alert])));
      expect(sut.record.unenrollRequested).toBe(requested);
      expect(statusesOf(sut.reply)[2]).toMatchObject({ cmdRef: 2, cmd: 'Alert', data: '200' });
    });
  });

  describe('answers to the server commands', () => {
    const message3 = fixture('made-package3.xml');
    const previous = state({ sessionId: '2', sent: { '4': { commandId: 'cmd-get', msgId: 1 }, '6': { commandId: 'cmd-open', msgId: 1 } } });

    it('records the Status and Results of a Get against its command, keeps the unanswered one, ignores the SyncHdr 500', () => {
      const sut = answerSessionMessage(input(message3, { state: previous }));
      expect(sut.record.outcomes).toEqual([
        {
          commandId: 'cmd-get',
          statusCode: '200',
          results: [
            { source: './DevDetail/Ext/Microsoft/DeviceName', format: 'chr', type: 'text/plain', data: 'DESKTOP-H1T20J1' },
            { source: './Vendor/MSFT/Policy/Result', format: 'xml', data: '<Policy name="a&b"><Value>1</Value></Policy>' },
          ],
        },
      ]);
      expect(sut.state.sent).toEqual({ '6': { commandId: 'cmd-open', msgId: 1 } });
      expect(statusesOf(sut.reply).map((s) => [s.cmdRef, s.cmd, s.data])).toEqual([
        [0, 'SyncHdr', '200'],
        [4, 'Atomic', '406'],
      ]);
    });

    it('records Results without a Status as 200, and a Status arriving after its Results', () => {
      const results: SyncmlCommand = { kind: 'Results', cmdId: 1, cmdRef: 4, items: [{ source: './A', data: '1' }] };
      const only = answerSessionMessage(input(deviceMessage(2, [results]), { state: previous }));
      expect(only.record.outcomes).toEqual([{ commandId: 'cmd-get', statusCode: '200', results: [{ source: './A', data: '1' }] }]);
      const after = answerSessionMessage(
        input(deviceMessage(2, [results, { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef: 4, cmd: 'Get', data: '404' }]), { state: previous }),
      );
      expect(after.record.outcomes).toEqual([{ commandId: 'cmd-get', statusCode: '404', results: [{ source: './A', data: '1' }] }]);
    });

    it('cuts every part of a result to what a record holds, the data to its first 64 KiB marked truncated, and still records the command', () => {
      const fits = { source: `./${'s'.repeat(1022)}`, meta: { format: 'f'.repeat(64), type: 't'.repeat(256) }, data: 'd'.repeat(64 * 1024) };
      const results: SyncmlCommand = {
        kind: 'Results',
        cmdId: 1,
        cmdRef: 4,
        items: [fits, { source: `./${'s'.repeat(1100)}`, meta: { format: 'f'.repeat(65), type: 't'.repeat(257) }, data: 'd'.repeat(64 * 1024 + 1) }],
      };
      const sut = answerSessionMessage(input(deviceMessage(2, [results]), { state: previous }));
      const kept = { source: fits.source, format: fits.meta.format, type: fits.meta.type, data: fits.data };
      expect(sut.record.outcomes).toEqual([
        {
          commandId: 'cmd-get',
          statusCode: '200',
          results: [kept, { source: `./${'s'.repeat(1022)}`, format: kept.format, type: kept.type, data: kept.data, truncated: true }],
        },
      ]);
      expect(RecordSessionJobSchema.safeParse({ ...sut.record, at: new Date().toISOString() }).success).toBe(true);
    });

    it.each([
      ['an unknown CmdRef', { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 99, cmd: 'Get', data: '200' }],
      ['Results for an unknown CmdRef', { kind: 'Results', cmdId: 1, cmdRef: 98, items: [{ source: './X', data: '1' }] }],
      ['a Status on the SyncHdr', { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '500' }],
    ] as Array<[string, SyncmlCommand]>)('ignores %s', (_case, received) => {
      const sut = answerSessionMessage(input(deviceMessage(2, [received]), { state: previous }));
      expect(sut.record.outcomes).toEqual([]);
      expect(sut.state.sent).toEqual(previous.sent);
    });

    it('takes a Status whose MsgRef is not the message its command went in', () => {
      const status: SyncmlCommand = { kind: 'Status', cmdId: 1, msgRef: 7, cmdRef: 6, cmd: 'Exec', data: '500' };
      const sut = answerSessionMessage(input(deviceMessage(2, [status]), { state: previous }));
      expect(sut.record.outcomes).toEqual([{ commandId: 'cmd-open', statusCode: '500' }]);
    });
  });

  describe('admin commands', () => {
    const due = [
      command('c-get', 'Get', './DevDetail/SwV'),
      command('c-add', 'Add', './Vendor/MSFT/Policy/Config/A', { data: '1', format: 'int' }),
      command('c-replace', 'Replace', './Vendor/MSFT/Policy/Config/B', { data: '<a/>', format: 'xml', type: 'text/plain' }),
      command('c-delete', 'Delete', './Vendor/MSFT/Policy/Config/C'),
      command('c-exec', 'Exec', './Device/Vendor/MSFT/Reboot/RebootNow', { data: '', format: 'null' }),
    ];

    it('sends the due commands as SyncML after the Statuses, in order, with CmdIDs running on', () => {
      const sut = answerSessionMessage(input(package1, { due }));
      expect(sentOf(sut.reply)).toEqual([
        { kind: 'Get', cmdId: 5, items: [{ target: './DevDetail/SwV' }] },
        { kind: 'Add', cmdId: 6, items: [{ target: './Vendor/MSFT/Policy/Config/A', meta: { format: 'int' }, data: '1' }] },
        { kind: 'Replace', cmdId: 7, items: [{ target: './Vendor/MSFT/Policy/Config/B', meta: { format: 'xml', type: 'text/plain' }, data: '<a/>' }] },
        { kind: 'Delete', cmdId: 8, items: [{ target: './Vendor/MSFT/Policy/Config/C' }] },
        { kind: 'Exec', cmdId: 9, items: [{ target: './Device/Vendor/MSFT/Reboot/RebootNow', meta: { format: 'null' }, data: '' }] },
      ]);
      expect(sut.sentCommandIds).toEqual(['c-get', 'c-add', 'c-replace', 'c-delete', 'c-exec']);
      expect(sut.state.sent['9']).toEqual({ commandId: 'c-exec', msgId: 1 });
      expect(sut.state.nextCmdId).toBe(10);
      expect(sut.reply.final).toBe(true);
      expect(sut.state.ended).toBe(false);
    });

    it('puts the inventory Get before the admin commands and leaves it out of sentCommandIds', () => {
      const sut = answerSessionMessage(input(package1, { due, device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true } }));
      expect(sentOf(sut.reply).map((c) => c.cmdId)).toEqual([5, 6, 7, 8, 9, 10]);
      expect(sut.state.sent['5']).toEqual({ commandId: INVENTORY_COMMAND_ID, msgId: 1 });
      expect(sut.sentCommandIds).toEqual(due.map((c) => c.id));
    });

    it('does not send again a command out in this session and still awaited', () => {
      const sut = answerSessionMessage(input(deviceMessage(2, []), { due, state: state({ sent: { '3': { commandId: 'c-get', msgId: 1 } } }) }));
      expect(sut.sentCommandIds).toEqual(['c-add', 'c-replace', 'c-delete', 'c-exec']);
    });

    it('does not send again a command the device answers in this very message', () => {
      const status: SyncmlCommand = { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 3, cmd: 'Get', data: '200' };
      const sut = answerSessionMessage(input(deviceMessage(2, [status]), { due, state: state({ sent: { '3': { commandId: 'c-get', msgId: 1 } } }) }));
      expect(sut.sentCommandIds).toEqual(['c-add', 'c-replace', 'c-delete', 'c-exec']);
      expect(sut.record.outcomes).toEqual([{ commandId: 'c-get', statusCode: '200' }]);
    });

    it('does not send again, later in the session, a command answered earlier in it and still due until its outcome is recorded', () => {
      const status: SyncmlCommand = { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 3, cmd: 'Get', data: '200' };
      const first = answerSessionMessage(input(deviceMessage(2, [status]), { due, state: state({ sent: { '3': { commandId: 'c-get', msgId: 1 } } }) }));
      const later = answerSessionMessage(input(deviceMessage(3, []), { due, state: { ...first.state, sent: {}, queued: [] } }));
      expect(first.state.answered).toEqual(['c-get']);
      expect(later.sentCommandIds).not.toContain('c-get');
    });

    it('sends the queued commands first and drops a queued one no longer due', () => {
      const sut = answerSessionMessage(input(deviceMessage(2, []), { due, state: state({ queued: ['c-exec', 'c-gone', 'c-add'] }) }));
      expect(sut.sentCommandIds).toEqual(['c-exec', 'c-add', 'c-get', 'c-replace', 'c-delete']);
      expect(sut.state.queued).toEqual([]);
    });

    it('reports the expired commands it is given', () => {
      expect(answerSessionMessage(input(package1, { expired: ['c-old'] })).record.expired).toEqual(['c-old']);
    });

    it('fails with 413 a command no message of MaxMsgSize can carry, and sends the others', () => {
      const huge = command('c-huge', 'Replace', './Vendor/MSFT/Policy/Config/Big', { data: 'x'.repeat(5000) });
      const sut = answerSessionMessage(input(deviceMessage(1, [], true, { maxMsgSize: 2000 }), { due: [huge, due[0]] }));
      expect(sut.sentCommandIds).toEqual(['c-get']);
      expect(sut.record.outcomes).toEqual([{ commandId: 'c-huge', statusCode: '413' }]);
      expect(sut.state.queued).toEqual([]);
    });
  });

  describe('MaxMsgSize', () => {
    const maxMsgSize = 2600;
    const due = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      command(`c-${id}`, 'Replace', `./Vendor/MSFT/Policy/Config/${id}`, { data: id.repeat(500), format: 'chr' }),
    );
    const header = { maxMsgSize };
    const device = { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true };
    const first = answerSessionMessage(input({ ...package1, header: { ...package1.header, ...header } }, { due, device }));
    const asking = (msgId: number, reply: SyncmlMessage): SyncmlMessage =>
      deviceMessage(msgId, [...answersTo(reply), { kind: 'Alert', cmdId: 99, data: '1222', items: [] }], true, header);
    // The repository's due commands at each message: those not yet marked sent.
    const pending = (...answers: Array<{ sentCommandIds: string[] }>) => due.filter((c) => !answers.some((answer) => answer.sentCommandIds.includes(c.id)));
    const second = answerSessionMessage(input(asking(2, first.reply), { state: first.state, due: pending(first), device }));
    const third = answerSessionMessage(input(asking(3, second.reply), { state: second.state, due: pending(first, second), device }));
    const replies = [first, second, third];

    it('splits the commands over three replies, each within MaxMsgSize, only the last Final', () => {
      expect(replies.map((answer) => renderedSize(answer.reply) <= maxMsgSize)).toEqual([true, true, true]);
      expect(replies.map((answer) => answer.reply.final)).toEqual([false, false, true]);
      expect(replies.map((answer) => answer.reply.header.msgId)).toEqual([1, 2, 3]);
    });

    it('delivers each command once, in order, the inventory Get first', () => {
      expect(replies.flatMap((answer) => sentOf(answer.reply).map((c) => c.kind))).toEqual(['Get', 'Replace', 'Replace', 'Replace', 'Replace', 'Replace']);
      expect(replies.flatMap((answer) => answer.sentCommandIds)).toEqual(due.map((c) => c.id));
      expect(replies.map((answer) => answer.sentCommandIds.length)).not.toContain(0);
    });

    it('keeps what did not fit queued, in order, and CmdIDs unique across the session', () => {
      expect(first.state.queued).toEqual(due.filter((c) => !first.sentCommandIds.includes(c.id)).map((c) => c.id));
      expect(third.state.queued).toEqual([]);
      const cmdIds = replies.flatMap((answer) => answer.reply.commands.map((c) => c.cmdId));
      expect(new Set(cmdIds).size).toBe(cmdIds.length);
    });

    it('answers each message Status for the device Statuses and Alert 1222, and clears what was answered', () => {
      expect(statusesOf(second.reply).map((s) => s.cmd)).toEqual(['SyncHdr', 'Alert']);
      expect(Object.values(third.state.sent).map((s) => s.commandId)).toEqual(third.sentCommandIds);
      expect(third.state.ended).toBe(false);
    });

    it('ends the session when the device answers the last reply with a Final message', () => {
      const sut = answerSessionMessage(input(deviceMessage(4, answersTo(third.reply), true, header), { state: third.state, device }));
      expect(sut.reply.commands.map((c) => c.kind)).toEqual(['Status']);
      expect(sut.reply.final).toBe(true);
      expect(sut.record.ended).toBe('final');
      expect(sut.record.outcomes).toEqual(third.sentCommandIds.map((commandId) => ({ commandId, statusCode: '200' })));
      expect(sut.state).toMatchObject({ ended: true, sent: {}, queued: [] });
    });
  });

  describe('Alert 1223', () => {
    const abort = deviceMessage(3, [
      { kind: 'Status', cmdId: 1, msgRef: 2, cmdRef: 11, cmd: 'Replace', data: '200' },
      { kind: 'Alert', cmdId: 2, data: '1223', items: [] },
    ]);
    const sut = answerSessionMessage(
      input(abort, {
        state: state({ lastMsgId: 2, nextMsgId: 3, sent: { '11': { commandId: 'c-a', msgId: 2 } }, queued: ['c-b'] }),
        due: [command('c-b', 'Get', './X'), command('c-c', 'Get', './Y')],
      }),
    );

    it('answers with Statuses only, Final', () => {
      expect(sut.reply.commands.map((c) => (c as SyncmlStatus).cmd)).toEqual(['SyncHdr', 'Alert']);
      expect(sut.reply.final).toBe(true);
      expect(sut.sentCommandIds).toEqual([]);
    });

    it('ends the session as aborted, keeping the outcomes of the message', () => {
      expect(sut.record).toMatchObject({ ended: 'aborted', outcomes: [{ commandId: 'c-a', statusCode: '200' }] });
      expect(sut.state).toMatchObject({ ended: true, queued: [], sent: {}, lastMsgId: 3, nextMsgId: 4 });
    });
  });

  describe('a device message that is not Final', () => {
    const sut = answerSessionMessage(
      input(deviceMessage(1, [{ kind: 'Alert', cmdId: 1, data: '1201', items: [] }], false), {
        due: [command('c-a', 'Get', './X')],
        device: { deviceObjectId: DEVICE_OBJECT, mdmDeviceId: MDM_DEVICE, needsInventory: true },
      }),
    );

    it('asks for the next message with Alert 1222 and sends no command yet', () => {
      expect(sut.reply.commands.slice(2)).toEqual([{ kind: 'Alert', cmdId: 3, data: '1222', items: [{ target: MDM_DEVICE, source: SERVER }] }]);
      expect(sut.reply.final).toBe(false);
      expect(sut.sentCommandIds).toEqual([]);
      expect(sut.state).toMatchObject({ inventoryAsked: false, ended: false, nextCmdId: 4 });
      expect(sut.record.ended).toBeUndefined();
    });
  });

  it('sends the queued commands to a message that is not Final but asks for the next one (Alert 1222)', () => {
    const asking = deviceMessage(3, [{ kind: 'Alert', cmdId: 1, data: '1222', items: [] }], false);
    const sut = answerSessionMessage(input(asking, { state: state({ queued: ['c-a'] }), due: [command('c-a', 'Get', './X')] }));
    expect(sut.sentCommandIds).toEqual(['c-a']);
    expect(sut.reply.final).toBe(true);
    expect(sut.state.ended).toBe(false);
  });

  describe('the session state', () => {
    it.each([
      ['no state, MsgID 1', null, 1],
      ['no state, MsgID 5 (the server lost it)', null, 5],
      ['an ended session', state({ ended: true, nextMsgId: 7, nextCmdId: 40 }), 3],
    ])('opens a session for %s', (_case, previous, msgId) => {
      const sut = answerSessionMessage(input(deviceMessage(msgId, []), { state: previous }));
      expect(sut.reply.header.msgId).toBe(1);
      expect(sut.reply.commands[0]).toMatchObject({ cmdId: 1, msgRef: msgId });
      expect(sut.state).toMatchObject({ lastMsgId: msgId, nextMsgId: 2, startedAt: NOW.toISOString() });
    });

    it('carries a session on: MsgID and CmdID from the state, startedAt kept', () => {
      const sut = answerSessionMessage(input(deviceMessage(2, [], false, {}), { state: state() }));
      expect(sut.reply.header.msgId).toBe(2);
      expect(sut.reply.commands[0].cmdId).toBe(10);
      expect(sut.state).toMatchObject({ lastMsgId: 2, nextMsgId: 3, startedAt: '2025-03-01T09:59:00.000Z' });
    });
  });
});
