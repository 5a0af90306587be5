import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSyncml } from './syncml.parser';
import { SyncmlFormatError } from './syncml-format.error';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const minimal = (body: string, hdr = '<SessionID>1</SessionID><MsgID>1</MsgID>'): string =>
  `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>${hdr}` +
  `<Target><LocURI>https://s</LocURI></Target><Source><LocURI>dev</LocURI></Source></SyncHdr><SyncBody>${body}</SyncBody></SyncML>`;

describe(parseSyncml.name, () => {
  it('reads the session initialization of the MS-MDM protocol example', () => {
    const sut = parseSyncml(fixture('spec-package1.xml'));
    expect(sut).toEqual({
      header: {
        verDTD: '1.2',
        verProto: 'DM/1.2',
        sessionId: '1',
        msgId: 1,
        target: 'https://contoso.com/management-server',
        source: '{unique device id}',
      },
      commands: [
        { kind: 'Alert', cmdId: 2, data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus' }, data: 'user' }] },
        {
          kind: 'Replace',
          cmdId: 3,
          items: [
            { source: './DevInfo/DevId', data: '{unique device id}' },
            { source: './DevInfo/Man', data: 'Microsoft Corporation' },
          ],
        },
      ],
      final: true,
    });
  });

  it('reads package 1 with Alert 1201, LoginStatus and the DevInfo Replace', () => {
    const sut = parseSyncml(fixture('fleet-package1.xml'));
    expect(sut.header).toEqual({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionId: '0',
      msgId: 1,
      target: 'https://mdm.example.com/ManagementServer/MDM.svc',
      source: '5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(sut.commands.map((command) => [command.kind, command.cmdId])).toEqual([
      ['Alert', 2],
      ['Alert', 3],
      ['Replace', 4],
    ]);
    expect(sut.commands[0]).toEqual({ kind: 'Alert', cmdId: 2, data: '1201', items: [] });
    expect(sut.commands[1]).toMatchObject({ data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus' }, data: 'user' }] });
    expect(sut.commands[2]).toMatchObject({
      items: [
        { source: './DevInfo/DevId', data: '5f7b4a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b' },
        { source: './DevInfo/Man', data: 'VMware, Inc.' },
        { source: './DevInfo/Mod', data: 'VMware7,1' },
        { source: './DevInfo/DmV', data: '1.3' },
        { source: './DevInfo/Lang', data: 'en-US' },
      ],
    });
    expect(sut.final).toBe(true);
  });

  it('reads the server message of the OMA DM file structure example, comments and all', () => {
    const sut = parseSyncml(fixture('itpro-structure-get.xml'));
    expect(sut).toEqual({
      header: { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '1', msgId: 1, target: '{unique device ID}', source: 'https://www.contoso.com/mgmt-server' },
      commands: [{ kind: 'Get', cmdId: 2, items: [{ target: './DevDetail/SwV' }] }],
      final: true,
    });
  });

  it('reads the first reply Intune sends: MaxMsgSize, Status 200 on the SyncHdr, then Gets', () => {
    const sut = parseSyncml(fixture('intune-server-gets.xml'));
    expect(sut.header).toEqual({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionId: '1',
      msgId: 1,
      target: 'SixByFour',
      source: 'https://r.manage.microsoft.com/devicegatewayproxy/cimhandler.ashx',
      maxMsgSize: 524288,
    });
    expect(sut.commands[0]).toEqual({ kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '200' });
    expect(sut.commands.slice(1).map((command) => [command.kind, command.cmdId])).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((id) => ['Get', id]));
    expect(sut.commands[1]).toEqual({ kind: 'Get', cmdId: 2, items: [{ target: './Vendor/MSFT/NodeCache/MS%20DM%20Server' }] });
    expect(sut.commands[4]).toEqual({ kind: 'Get', cmdId: 5, items: [{ target: './DevDetail/SwV' }] });
    expect(sut.final).toBe(true);
  });

  it('reads SyncML 1.1 in any letter case and keeps a non-numeric SessionID as text', () => {
    const sut = parseSyncml(fixture('itpro-login-status.xml'));
    expect(sut.header).toMatchObject({ verDTD: '1.1', verProto: 'DM/1.1', sessionId: '1F', source: 'DEVICE-0001' });
    expect(sut.commands).toEqual([
      { kind: 'Alert', cmdId: 1, data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus', format: 'chr' }, data: 'user' }] },
    ]);
  });

  it('reads Cred, MaxMsgSize, Status on the header, Results with escaped XML, and keeps an unknown command', () => {
    const sut = parseSyncml(fixture('made-package3.xml'));
    expect(sut.header).toMatchObject({
      sessionId: '2',
      msgId: 2,
      cred: { format: 'b64', type: 'syncml:auth-md5', data: 'NTI4NjQ1MzcyYTNjZjE2ZQ==' },
      maxMsgSize: 65536,
    });
    expect(sut.commands).toEqual([
      { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '500' },
      { kind: 'Status', cmdId: 2, msgRef: 1, cmdRef: 4, cmd: 'Get', data: '200', targetRef: ['./DevDetail/Ext/Microsoft/DeviceName'] },
      {
        kind: 'Results',
        cmdId: 3,
        msgRef: 1,
        cmdRef: 4,
        items: [
          { source: './DevDetail/Ext/Microsoft/DeviceName', meta: { format: 'chr', type: 'text/plain' }, data: 'DESKTOP-H1T20J1' },
          { source: './Vendor/MSFT/Policy/Result', meta: { format: 'xml' }, data: '<Policy name="a&b"><Value>1</Value></Policy>' },
        ],
      },
      { kind: 'Unknown', name: 'Atomic', cmdId: 4 },
    ]);
  });

  it('keeps Data as given, CDATA included, without trimming', () => {
    const sut = parseSyncml(minimal('<Replace><CmdID>1</CmdID><Item><Data> a <![CDATA[<b>&amp;]]></Data></Item></Replace>'));
    expect(sut.commands[0]).toMatchObject({ items: [{ data: ' a <b>&amp;' }] });
    expect(sut.final).toBe(false);
  });

  it('reads Meta children in syncml:metinf, unqualified or in SyncML, and not in another namespace', () => {
    const sut = parseSyncml(
      minimal(
        '<Replace><CmdID>1</CmdID>' +
          '<Item><Meta><Format xmlns="SYNCML:SYNCML1.2">int</Format><Type xmlns="urn:other">x</Type></Meta><Data>1</Data></Item>' +
          "<Item><Meta><Type xmlns='SYNCML:METINF'>text/plain</Type></Meta></Item></Replace>",
      ),
    );
    expect(sut.commands[0]).toEqual({ kind: 'Replace', cmdId: 1, items: [{ meta: { format: 'int' }, data: '1' }, { meta: { type: 'text/plain' } }] });
  });

  it('reads a Status Chal', () => {
    const sut = parseSyncml(
      minimal(
        '<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Chal><Meta>' +
          '<Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-md5</Type><NextNonce xmlns="syncml:metinf">bm9uY2U=</NextNonce>' +
          '</Meta></Chal><Data>401</Data></Status>',
      ),
    );
    expect(sut.commands[0]).toMatchObject({ data: '401', chal: { format: 'b64', type: 'syncml:auth-md5', nextNonce: 'bm9uY2U=' } });
  });

  const secret = 'S3cr3t-do-not-echo';
  it.each([
    ['a DOCTYPE', `<!DOCTYPE SyncML [<!ENTITY x "${secret}">]>${minimal('')}`, /Document type/],
    ['an undeclared entity', minimal(`<Alert><CmdID>1</CmdID><Data>&${secret};</Data></Alert>`), /entity/],
    ['a huge body', minimal(`<Alert><CmdID>1</CmdID><Data>${secret.repeat(40_000)}</Data></Alert>`), /larger than/],
    ['deep nesting', minimal(`${'<Atomic>'.repeat(80)}${'</Atomic>'.repeat(80)}`), /deeper/],
    ['another namespace', minimal('').replace('SYNCML:SYNCML1.2', `urn:${secret}`), /namespace/],
    ['no namespace', minimal('').replace(' xmlns="SYNCML:SYNCML1.2"', ''), /namespace/],
    ['another root', `<Envelope xmlns="SYNCML:SYNCML1.2">${secret}</Envelope>`, /root element/],
    ['no SyncHdr', `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Final/></SyncBody></SyncML>`, /no SyncHdr/],
    ['no SyncBody', minimal('').replace(/<SyncBody>.*<\/SyncBody>/, ''), /no SyncBody/],
    ['a non-numeric CmdID', minimal(`<Alert><CmdID>${secret}</CmdID><Data>1201</Data></Alert>`), /Alert\/CmdID is not a decimal number/],
    ['a missing CmdID', minimal('<Replace><Item><Data>1</Data></Item></Replace>'), /Replace\/CmdID is missing/],
    ['a non-numeric MsgID', minimal('', `<SessionID>1</SessionID><MsgID>${secret}</MsgID>`), /SyncHdr\/MsgID is not a decimal/],
    [
      'a non-numeric CmdRef',
      minimal(`<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>x${secret}</CmdRef><Cmd>Get</Cmd><Data>200</Data></Status>`),
      /Status\/CmdRef/,
    ],
    ['a non-numeric MsgRef', minimal(`<Results><CmdID>1</CmdID><MsgRef>-1</MsgRef><CmdRef>2</CmdRef></Results>`), /Results\/MsgRef/],
    ['markup inside Data', minimal(`<Results><CmdID>1</CmdID><CmdRef>2</CmdRef><Item><Data><${secret}/></Data></Item></Results>`), /escaped/],
    ['a missing SessionID', minimal('', '<MsgID>1</MsgID>'), /SessionID is missing/],
    ['a Cred without Type', minimal('', `<SessionID>1</SessionID><MsgID>1</MsgID><Cred><Data>${secret}</Data></Cred>`), /Cred\/Meta\/Type/],
    ['a processing instruction', `<?php ${secret} ?>${minimal('')}`, /Processing instructions/],
  ])('refuses %s with a SyncmlFormatError that does not echo the document', (_case, xml, message) => {
    let thrown: unknown;
    try {
      parseSyncml(xml);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyncmlFormatError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain(secret);
  });
});
