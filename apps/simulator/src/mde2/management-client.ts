import { randomInt } from 'node:crypto';
import {
  parseSyncml,
  renderSyncml,
  splitCommands,
  statusForHeader,
  SYNCML_CONTENT_TYPE,
  SYNCML_VER_DTD,
  SYNCML_VER_PROTO,
  SyncmlAlertCode,
  SyncmlStatusCode,
  type SyncmlAlert,
  type SyncmlCommand,
  type SyncmlHeader,
  type SyncmlMessage,
} from '@app/enrollment';
import type { ApiClient, RawAnswer } from '../api-client';
import { credOf } from './dm-credential';
import { executeServerMessage } from './dm-command-executor';
import { DmDeviceTree } from './dm-device-tree';
import type { DmEnrollment } from './dm-enrollment';
import { StatusLedger } from './dm-status-ledger';
import type { DmSessionOptions, DmSessionTranscript } from './dm-session.types';

/** Windows' OMA-DM client names itself so. */
const USER_AGENT = 'MSFT OMA DM Client/1.2.0.1';
const DEFAULT_MAX_MSG_SIZE = 65536;
const DEFAULT_MAX_MESSAGES = 50;
const LOGIN_STATUS = 'com.microsoft/MDM/LoginStatus';
const UNENROLL_REQUEST = 'com.microsoft:mdm.unenrollment.userrequest';
/** The package 1 captures number their commands from 2. */
const PACKAGE1_FIRST_CMD_ID = 2;
const DEVINFO_IN_PACKAGE1 = ['./DevInfo/DevId', './DevInfo/Man', './DevInfo/Mod', './DevInfo/DmV', './DevInfo/Lang'];

/**
 * One enrolled Windows 10 device talking OMA-DM (MS-MDM) to the management ADDR of its provisioning
 * document: its certificate, its DeviceID and digest credential, its management tree, and what the
 * server did to it across sessions (reboots, unenrollment).
 */
export class WindowsDmClient {
  readonly tree: DmDeviceTree;
  reboots = 0;
  unenrolled = false;
  sessions = 0;
  /** Windows counts its sessions in a hex SessionID; a device starts somewhere of its own. */
  private nextSessionId = randomInt(1, 0x800);

  constructor(
    private readonly client: ApiClient,
    readonly enrollment: DmEnrollment,
    private readonly privateKeyPem: string,
    deviceName: string,
  ) {
    this.tree = DmDeviceTree.forWindows({ deviceId: enrollment.deviceId, deviceName }, enrollment.providerId);
  }

  /** The digest nonce the next `Cred` is computed with (AAUTHDATA, then the last `NextNonce`). */
  get nonce(): string {
    return this.enrollment.clientAuth.nonce;
  }

  /**
   * One management session as Windows opens it: package 1 (Alert 1201 or 1200, the LoginStatus 1224, the
   * DevInfo Replace), then the server's commands carried out and answered, message by message, until the
   * server sends a Final message with nothing left to do (the device then sends nothing more).
   */
  async session(options: DmSessionOptions = {}): Promise<DmSessionTranscript> {
    if (options.abortAtMessage !== undefined && options.abortAtMessage < 2) throw new RangeError('abortAtMessage is a MsgID after the first');
    const sessionId = (this.nextSessionId++).toString(16).toUpperCase();
    this.sessions++;
    const maxMsgSize = options.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE;
    const transcript: DmSessionTranscript = {
      sessionId,
      exchanges: [],
      executed: [],
      statuses: [],
      reboots: 0,
      unenrolled: false,
      ended: 'final',
      problems: [],
    };
    if (this.unenrolled) return { ...transcript, ended: 'not-enrolled' };
    const ledger = new StatusLedger(sessionId);
    let pending = this.package1(options);
    let serverMaxMsgSize: number | undefined;
    let withCred = options.credentials ?? true;
    let challenged = false;
    let turn = 0;
    for (let msgId = 1; ; msgId++) {
      if (msgId > (options.maxMessages ?? DEFAULT_MAX_MESSAGES)) return { ...transcript, ended: 'too-many-messages' };
      const header = this.header(sessionId, msgId, maxMsgSize, withCred);
      const commands = numbered(pending, msgId === 1 ? PACKAGE1_FIRST_CMD_ID : 1);
      const [message, ...rest] = serverMaxMsgSize === undefined ? [{ header, commands, final: true }] : splitCommands(header, commands, serverMaxMsgSize);
      const backlog = rest.flatMap((later) => later.commands);
      ledger.expect(message);
      const url = this.urlFor(options.baseUrls, turn++);
      let answer: RawAnswer;
      try {
        answer = await this.post(url, renderSyncml(message), options);
      } catch (error) {
        transcript.exchanges.push({ url, sent: message, httpStatus: 0 });
        return { ...transcript, ended: 'network-error', detail: (error as Error).message };
      }
      if (answer.status !== 200) {
        transcript.exchanges.push({ url, sent: message, httpStatus: answer.status });
        return { ...transcript, ended: 'http-error', detail: `answered ${answer.status}` };
      }
      const aborting = message.commands.some((command) => command.kind === 'Alert' && command.data === SyncmlAlertCode.SessionAbort);
      if (aborting && answer.text.trim() === '') {
        transcript.exchanges.push({ url, sent: message, httpStatus: answer.status });
        ledger.forget(msgId);
        return this.finish(transcript, ledger, 'aborted');
      }
      let received: SyncmlMessage;
      try {
        received = parseSyncml(answer.text);
      } catch (error) {
        transcript.exchanges.push({ url, sent: message, httpStatus: answer.status });
        return { ...transcript, ended: 'malformed', detail: (error as Error).message };
      }
      transcript.exchanges.push({ url, sent: message, httpStatus: answer.status, received });
      transcript.problems.push(...ledger.receive(received, this.enrollment.deviceId, this.enrollment.managementUrl));
      const headerStatus = ledger.headerStatus(received, msgId);
      if (headerStatus?.chal?.nextNonce) this.enrollment.clientAuth.nonce = headerStatus.chal.nextNonce;
      serverMaxMsgSize = received.header.maxMsgSize ?? serverMaxMsgSize;
      withCred = false;

      if (options.unenroll) return this.finish(transcript, ledger, 'unenrolled', () => (this.unenrolled = transcript.unenrolled = true));
      if (aborting) return this.finish(transcript, ledger, 'aborted');
      const refused = headerStatus?.data === SyncmlStatusCode.InvalidCredentials || headerStatus?.data === SyncmlStatusCode.MissingCredentials;
      if (refused) {
        if (challenged || !headerStatus.chal) return this.finish(transcript, ledger, 'refused');
        // Challenged once: the same commands again, with a Cred from the nonce the challenge gave.
        challenged = withCred = true;
        ledger.forget(msgId);
        pending = message.commands.concat(backlog);
        continue;
      }

      const execution = executeServerMessage(received, this.tree, 1);
      transcript.executed.push(...execution.executed);
      for (const action of execution.actions) {
        if (action === 'reboot') transcript.reboots = ++this.reboots;
        else this.unenrolled = transcript.unenrolled = true;
      }
      const serverCommands = received.commands.some((command) => command.kind !== 'Status' && command.kind !== 'Results');
      if (received.final && !serverCommands && backlog.length === 0) return this.finish(transcript, ledger, 'final');
      if (options.abortAtMessage === msgId + 1) {
        pending = [statusForHeader(received.header, SyncmlStatusCode.Ok, 0), this.alert(SyncmlAlertCode.SessionAbort)];
        continue;
      }
      pending = [...execution.answers, ...backlog];
      // A server message that is not Final has more to come: ask for it.
      if (!received.final) pending.push(this.alert(SyncmlAlertCode.NextMessage));
    }
  }

  private finish(transcript: DmSessionTranscript, ledger: StatusLedger, ended: DmSessionTranscript['ended'], then?: () => void): DmSessionTranscript {
    then?.();
    transcript.problems.push(...ledger.unanswered());
    return { ...transcript, statuses: ledger.statuses, ended };
  }

  /** Package 1: the session's reason, who is logged on, the DevInfo leaves (and the unenrollment alert when the user removes the account). */
  private package1(options: DmSessionOptions): SyncmlCommand[] {
    const commands: SyncmlCommand[] = [
      this.alert(options.trigger === 'server' ? SyncmlAlertCode.ServerInitiated : SyncmlAlertCode.ClientInitiated),
      { kind: 'Alert', cmdId: 0, data: SyncmlAlertCode.ClientEvent, items: [{ meta: { type: LOGIN_STATUS }, data: options.loginStatus ?? 'user' }] },
    ];
    if (options.unenroll) {
      commands.push({ kind: 'Alert', cmdId: 0, data: SyncmlAlertCode.GenericAlert, items: [{ meta: { format: 'int', type: UNENROLL_REQUEST }, data: '1' }] });
    }
    commands.push({
      kind: 'Replace',
      cmdId: 0,
      items: DEVINFO_IN_PACKAGE1.map((source) => ({ source, data: this.tree.get(source).value })),
    });
    return commands;
  }

  /** An alert without data; its CmdID is given when its message is numbered. */
  private alert(code: string): SyncmlAlert {
    const items = code === SyncmlAlertCode.NextMessage ? [{ target: this.enrollment.managementUrl, source: this.enrollment.deviceId }] : [];
    return { kind: 'Alert', cmdId: 0, data: code, items };
  }

  private header(sessionId: string, msgId: number, maxMsgSize: number, withCred: boolean): SyncmlHeader {
    const { deviceId, managementUrl, clientAuth } = this.enrollment;
    return {
      verDTD: SYNCML_VER_DTD,
      verProto: SYNCML_VER_PROTO,
      sessionId,
      msgId,
      target: managementUrl,
      source: deviceId,
      ...(withCred && clientAuth.nonce && { cred: credOf(clientAuth, deviceId) }),
      maxMsgSize,
    };
  }

  /** The management ADDR, or the same path on the next of `baseUrls` (each message may reach another orchestrator). */
  private urlFor(baseUrls: readonly string[] | undefined, turn: number): string {
    if (!baseUrls || baseUrls.length === 0) return this.enrollment.managementUrl;
    const addr = new URL(this.enrollment.managementUrl);
    return `${baseUrls[turn % baseUrls.length].replace(/\/+$/, '')}${addr.pathname}${addr.search}`;
  }

  /** The certificate goes in the TLS handshake to an https URL, or as a TLS-terminating proxy passes it on. */
  private post(url: string, body: string, options: DmSessionOptions): Promise<RawAnswer> {
    const native = (options.certificateVia ?? (url.startsWith('https:') ? 'tls' : 'header')) === 'tls';
    const headers: Record<string, string> = { 'content-type': SYNCML_CONTENT_TYPE, accept: SYNCML_CONTENT_TYPE, 'user-agent': USER_AGENT };
    if (!native) headers['x-client-certificate'] = encodeURIComponent(this.enrollment.certificatePem);
    return this.client.exchange('POST', url, {
      headers,
      body,
      ...(native && { clientCertificate: { cert: this.enrollment.certificatePem, key: this.privateKeyPem } }),
    });
  }
}

/** Commands numbered in the order they go out: CmdIDs are unique within a message, whatever messages they were first meant for. */
function numbered(commands: SyncmlCommand[], first: number): SyncmlCommand[] {
  return commands.map((command, index) => ({ ...command, cmdId: first + index }));
}
