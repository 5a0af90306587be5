/** A SyncML (OMA-DM 1.2) message as MS-MDM uses it: names follow the SyncML element names. */

/** `Meta` of an item or command: the `syncml:metinf` Format and Type. */
export interface SyncmlMeta {
  format?: string;
  type?: string;
}

export interface SyncmlItem {
  /** `Source/LocURI`. */
  source?: string;
  /** `Target/LocURI`. */
  target?: string;
  meta?: SyncmlMeta;
  /** `Data` as the device wrote it, entities decoded once (XML carried with Format xml stays a string). */
  data?: string;
}

/** `Cred`: the credential of a message's originator (`syncml:auth-md5` or `syncml:auth-basic`). */
export interface SyncmlCred {
  format?: string;
  type: string;
  data: string;
}

/** `Chal`: the authentication a Status asks for, with the next nonce for MD5. */
export interface SyncmlChal {
  format?: string;
  type?: string;
  nextNonce?: string;
}

export interface SyncmlHeader {
  verDTD: string;
  verProto: string;
  /** Kept as text: Windows may send a session id that is not a decimal number. */
  sessionId: string;
  msgId: number;
  /** `Target/LocURI`. */
  target: string;
  /** `Source/LocURI`. */
  source: string;
  cred?: SyncmlCred;
  /** `Meta/MaxMsgSize`: the largest message, in bytes, the sender accepts in return. */
  maxMsgSize?: number;
  respUri?: string;
}

export interface SyncmlAlert {
  kind: 'Alert';
  cmdId: number;
  /** The alert code: 1201 opens a client-initiated session, 1224 a client event, 1226 a generic alert. */
  data: string;
  items: SyncmlItem[];
}

export const SYNCML_ITEM_COMMANDS = ['Add', 'Delete', 'Exec', 'Get', 'Replace'] as const;
export type SyncmlItemCommandName = (typeof SYNCML_ITEM_COMMANDS)[number];

export interface SyncmlItemCommand {
  kind: SyncmlItemCommandName;
  cmdId: number;
  items: SyncmlItem[];
}

export interface SyncmlStatus {
  kind: 'Status';
  cmdId: number;
  msgRef: number;
  /** The CmdID of the command answered; 0 for the SyncHdr. */
  cmdRef: number;
  /** The name of the command answered (`SyncHdr`, `Alert`, `Replace`, ...). */
  cmd: string;
  /** The status code, as text (`200`, `212`, `406`, `500`, ...). */
  data: string;
  targetRef?: string[];
  sourceRef?: string[];
  chal?: SyncmlChal;
}

export interface SyncmlResults {
  kind: 'Results';
  cmdId: number;
  msgRef?: number;
  cmdRef: number;
  items: SyncmlItem[];
}

/**
 * A command this codec does not model (Atomic, Sequence, Copy, Map, ...), kept so that the session can answer
 * it with a Status (406, optional feature not supported) rather than dropping it.
 */
export interface SyncmlUnknownCommand {
  kind: 'Unknown';
  name: string;
  cmdId: number;
}

export type SyncmlCommand = SyncmlAlert | SyncmlItemCommand | SyncmlStatus | SyncmlResults | SyncmlUnknownCommand;

export interface SyncmlMessage {
  header: SyncmlHeader;
  /** The SyncBody's commands in document order. */
  commands: SyncmlCommand[];
  /** `Final`: the last message of its package. */
  final: boolean;
}
