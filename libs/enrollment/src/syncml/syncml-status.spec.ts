import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSyncml } from './syncml.parser';
import { replyHeader, statusFor, statusForHeader, type SyncmlAnswerable } from './syncml-status';

const received = parseSyncml(readFileSync(join(__dirname, 'fixtures', 'fleet-package1.xml'), 'utf8'));

describe(statusFor.name, () => {
  it('answers each command of package 1 with its CmdID, name and item LocURIs', () => {
    const sut = received.commands.map((command, index) => statusFor(command as SyncmlAnswerable, received.header.msgId, '200', index + 2));
    expect(sut).toEqual([
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

  it('puts item targets in TargetRef', () => {
    const sut = statusFor({ kind: 'Get', cmdId: 9, items: [{ target: './DevInfo/Mod' }] }, 4, '404', 1);
    expect(sut).toEqual({ kind: 'Status', cmdId: 1, msgRef: 4, cmdRef: 9, cmd: 'Get', data: '404', targetRef: ['./DevInfo/Mod'] });
  });

  it('answers an unknown command with its own element name', () => {
    expect(statusFor({ kind: 'Unknown', name: 'Atomic', cmdId: 4 }, 2, '406', 5)).toEqual({
      kind: 'Status',
      cmdId: 5,
      msgRef: 2,
      cmdRef: 4,
      cmd: 'Atomic',
      data: '406',
    });
  });
});

describe(statusForHeader.name, () => {
  it('answers the SyncHdr with CmdRef 0 and its Target and Source', () => {
    expect(statusForHeader(received.header, '200', 1)).toEqual({
      kind: 'Status',
      cmdId: 1,
      msgRef: 1,
      cmdRef: 0,
      cmd: 'SyncHdr',
      data: '200',
      targetRef: ['https://mdm.example.com/ManagementServer/MDM.svc'],
      sourceRef: ['5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b'],
    });
  });
});

describe(replyHeader.name, () => {
  it('addresses the device by its Source, keeps the session id and speaks SyncML 1.2 to a 1.1 device', () => {
    expect(
      replyHeader({ ...received.header, verDTD: '1.1', verProto: 'DM/1.1', sessionId: '1F' }, 'https://mdm.example.com/ManagementServer/MDM.svc', 1),
    ).toEqual({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionId: '1F',
      msgId: 1,
      target: '5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
      source: 'https://mdm.example.com/ManagementServer/MDM.svc',
    });
  });
});
