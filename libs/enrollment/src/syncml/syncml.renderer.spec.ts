import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { EnrollmentError } from '../errors/enrollment-error';
import { parseSyncml } from './syncml.parser';
import { renderSyncml } from './syncml.renderer';
import type { SyncmlMessage } from './syncml.types';

const wellFormed = (xml: string): unknown => new XMLParser({ ignoreAttributes: false }).parse(xml, true);

const message: SyncmlMessage = {
  header: {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionId: '1F',
    msgId: 1,
    target: '5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
    source: 'https://mdm.example.com/ManagementServer/MDM.svc?a=1&b=<2>',
    maxMsgSize: 65536,
    respUri: 'https://mdm.example.com/ManagementServer/MDM.svc?s=1F',
    cred: { format: 'b64', type: 'syncml:auth-md5', data: 'ZGlnZXN0' },
  },
  commands: [
    { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '212', targetRef: ['https://mdm'], sourceRef: ['dev'] },
    { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '401', chal: { format: 'b64', type: 'syncml:auth-md5', nextNonce: 'bm9uY2U=' } },
    { kind: 'Alert', cmdId: 3, data: '1226', items: [{ meta: { type: 'com.microsoft.mdm.unenrollment.userrequest', format: 'int' }, data: '1' }] },
    { kind: 'Get', cmdId: 4, items: [{ target: './DevDetail/Ext/Microsoft/DeviceName' }, { target: './DevInfo/Mod' }] },
    {
      kind: 'Replace',
      cmdId: 5,
      items: [{ target: './Vendor/MSFT/Policy/Config/X', meta: { format: 'xml', type: 'text/plain' }, data: ' <a b="c">&\'\n\t</a> ' }],
    },
    { kind: 'Add', cmdId: 6, items: [{ target: './Vendor/MSFT/Y', data: 'héllo ✓' }] },
    { kind: 'Delete', cmdId: 7, items: [{ target: './Vendor/MSFT/Z' }] },
    { kind: 'Exec', cmdId: 8, items: [{ target: './Vendor/MSFT/RemoteWipe/doWipe', data: '' }] },
    { kind: 'Results', cmdId: 9, msgRef: 3, cmdRef: 2, items: [{ source: './DevInfo/Lang', data: 'en-US' }] },
  ],
  final: true,
};

describe(renderSyncml.name, () => {
  it('renders well-formed SyncML 1.2 that parses back to the same message', () => {
    const sut = renderSyncml(message);
    wellFormed(sut);
    expect(parseSyncml(sut)).toEqual(message);
  });

  it.each(['spec-package1.xml', 'fleet-package1.xml', 'intune-server-gets.xml', 'itpro-structure-get.xml'])(
    'renders what it read from %s so that it reads back the same',
    (name) => {
      const read = parseSyncml(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
      expect(parseSyncml(renderSyncml(read))).toEqual(read);
    },
  );

  it('writes the SyncML 1.2 namespace, the DM/1.2 header and MaxMsgSize in syncml:metinf', () => {
    const sut = renderSyncml(message);
    expect(sut).toMatch(
      /^<SyncML xmlns="SYNCML:SYNCML1\.2"><SyncHdr><VerDTD>1\.2<\/VerDTD><VerProto>DM\/1\.2<\/VerProto><SessionID>1F<\/SessionID><MsgID>1<\/MsgID>/,
    );
    expect(sut).toContain('<Meta><MaxMsgSize xmlns="syncml:metinf">65536</MaxMsgSize></Meta></SyncHdr>');
    expect(sut).toContain('<Source><LocURI>https://mdm.example.com/ManagementServer/MDM.svc?a=1&amp;b=&lt;2&gt;</LocURI></Source>');
    expect(sut).toMatch(/<Final\/><\/SyncBody><\/SyncML>$/);
  });

  it('puts a Status Data after its refs and Chal, as the DTD orders them', () => {
    const sut = renderSyncml(message);
    expect(sut).toContain(
      '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><TargetRef>https://mdm</TargetRef><SourceRef>dev</SourceRef><Data>212</Data></Status>',
    );
  });

  it('leaves out Final, Meta and optional elements when they are absent', () => {
    const bare: SyncmlMessage = {
      header: { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '7', msgId: 3, target: 'dev', source: 'https://s' },
      commands: [],
      final: false,
    };
    const sut = renderSyncml(bare);
    expect(sut).not.toContain('<Final');
    expect(sut).not.toContain('<Meta>');
    expect(parseSyncml(sut)).toEqual(bare);
  });

  it('refuses to render an unmodelled command', () => {
    expect(() => renderSyncml({ ...message, commands: [{ kind: 'Unknown', name: 'Atomic', cmdId: 1 }] })).toThrow(EnrollmentError);
  });

  it('refuses a value XML cannot carry instead of altering it', () => {
    expect(() => renderSyncml({ ...message, commands: [{ kind: 'Add', cmdId: 1, items: [{ target: './X', data: 'a\u0001b' }] }] })).toThrow(/U\+0001/);
  });
});
