import { SYNCML_VER_DTD, SYNCML_VER_PROTO } from './syncml.constants';
import type { SyncmlCommand, SyncmlHeader, SyncmlStatus } from './syncml.types';

/** The commands a server owes a Status for: every received command but a Status. */
export type SyncmlAnswerable = Exclude<SyncmlCommand, SyncmlStatus>;

/**
 * The Status a server owes for a received command: CmdRef its CmdID, Cmd its name, TargetRef and SourceRef
 * the LocURIs of its items, as SyncML returns them.
 */
export function statusFor(command: SyncmlAnswerable, msgRef: number, code: string, cmdId: number): SyncmlStatus {
  const items = command.kind === 'Unknown' ? [] : command.items;
  const targetRef = items.flatMap((item) => (item.target === undefined ? [] : [item.target]));
  const sourceRef = items.flatMap((item) => (item.source === undefined ? [] : [item.source]));
  return {
    kind: 'Status',
    cmdId,
    msgRef,
    cmdRef: command.cmdId,
    cmd: command.kind === 'Unknown' ? command.name : command.kind,
    data: code,
    ...(targetRef.length > 0 && { targetRef }),
    ...(sourceRef.length > 0 && { sourceRef }),
  };
}

/** The Status a server owes for a received message's SyncHdr (CmdRef 0), with its Target and Source as refs. */
export function statusForHeader(header: SyncmlHeader, code: string, cmdId: number): SyncmlStatus {
  return { kind: 'Status', cmdId, msgRef: header.msgId, cmdRef: 0, cmd: 'SyncHdr', data: code, targetRef: [header.target], sourceRef: [header.source] };
}

/** The header of the server's reply (SyncML 1.2, DM/1.2, as rendered): same session, Target the device's Source, Source the server's URI. */
export function replyHeader(received: SyncmlHeader, serverUri: string, msgId: number): SyncmlHeader {
  return { verDTD: SYNCML_VER_DTD, verProto: SYNCML_VER_PROTO, sessionId: received.sessionId, msgId, target: received.source, source: serverUri };
}
