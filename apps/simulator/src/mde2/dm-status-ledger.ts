import type { SyncmlMessage, SyncmlStatus } from '@app/enrollment';

/**
 * The Statuses a device waits for in a session: one for each of its SyncHdrs (CmdRef 0) and each of its
 * commands but Status and Results, addressed by MsgRef and CmdRef. What the server answers is checked
 * against it; what it never answers is reported at the end.
 */
export class StatusLedger {
  readonly statuses: SyncmlStatus[] = [];
  private readonly awaited = new Map<string, { msgId: number; cmdId: number; cmd: string }>();

  constructor(private readonly sessionId: string) {}

  expect(message: SyncmlMessage): void {
    const msgId = message.header.msgId;
    this.awaited.set(key(msgId, 0), { msgId, cmdId: 0, cmd: 'SyncHdr' });
    for (const command of message.commands) {
      if (command.kind === 'Status' || command.kind === 'Results' || command.kind === 'Unknown') continue;
      this.awaited.set(key(msgId, command.cmdId), { msgId, cmdId: command.cmdId, cmd: command.kind });
    }
  }

  /** Checks a server message: its header is this session's and addressed to the device, each Status answers something sent. */
  receive(message: SyncmlMessage, deviceId: string, managementUrl: string): string[] {
    const problems: string[] = [];
    const { header } = message;
    if (header.sessionId !== this.sessionId) problems.push(`message ${header.msgId} has SessionID ${header.sessionId}, not ${this.sessionId}`);
    if (header.target !== deviceId) problems.push(`message ${header.msgId} is for ${header.target}, not the device`);
    if (header.source !== managementUrl) problems.push(`message ${header.msgId} comes from ${header.source}, not the management ADDR`);
    for (const command of message.commands) {
      if (command.kind !== 'Status') continue;
      const at = key(command.msgRef, command.cmdRef);
      const awaited = this.awaited.get(at);
      if (!awaited) {
        problems.push(`Status ${command.cmdId} answers MsgRef ${command.msgRef} CmdRef ${command.cmdRef}, which awaits no Status`);
        continue;
      }
      this.awaited.delete(at);
      this.statuses.push(command);
      if (command.cmd !== awaited.cmd)
        problems.push(`Status ${command.cmdId} names ${command.cmd} for ${awaited.cmd} CmdID ${command.cmdRef} of message ${command.msgRef}`);
    }
    return problems;
  }

  /** The server's Status for the device's SyncHdr of this message, once received. */
  headerStatus(message: SyncmlMessage, msgId: number): SyncmlStatus | undefined {
    return message.commands.find((command): command is SyncmlStatus => command.kind === 'Status' && command.cmdRef === 0 && command.msgRef === msgId);
  }

  /** Stops waiting for a message's Statuses (the device sends its commands again after a challenge). */
  forget(msgId: number): void {
    for (const [at, awaited] of this.awaited) if (awaited.msgId === msgId) this.awaited.delete(at);
  }

  /** A problem for each Status never received. */
  unanswered(): string[] {
    return [...this.awaited.values()].map(({ msgId, cmdId, cmd }) => `no Status for ${cmd} CmdID ${cmdId} of message ${msgId}`);
  }
}

function key(msgRef: number, cmdRef: number): string {
  return `${msgRef}:${cmdRef}`;
}
