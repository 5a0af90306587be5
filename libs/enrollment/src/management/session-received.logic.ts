import { SyncmlAlertCode, SyncmlStatusCode } from '../syncml/syncml.constants';
import { statusFor, type SyncmlAnswerable } from '../syncml/syncml-status';
import type { SyncmlItem, SyncmlMessage, SyncmlResults, SyncmlStatus } from '../syncml/syncml.types';
import type { DeviceCommandOutcome, DeviceCommandResult } from './device-command.model';
import { INVENTORY_COMMAND_ID, type SentCommand } from './management-session.model';

/** The Meta/Type of the Alert 1226 Windows sends when its user removes the work account. */
export const UNENROLL_REQUEST_ALERT_TYPE = 'com.microsoft:mdm.unenrollment.userrequest';

const INVENTORY_PREFIXES = ['./DevInfo/', './DevDetail/'];
// The bounds of RecordSessionJobSchema's inventory: a longer pair would make the whole record unrecordable.
const MAX_INVENTORY_URI = 1024;
const MAX_INVENTORY_VALUE = 4096;
const MAX_STATUS_CODE = 8;
// And those of its command results: one item beyond them would lose every outcome of the message.
const MAX_RESULT = { source: 1024, format: 64, type: 256, data: 64 * 1024 };

const ANSWERED_ALERTS: ReadonlySet<string> = new Set(Object.values(SyncmlAlertCode));

/** What one device message says, and the Statuses the server owes for it. */
export interface ReceivedMessage {
  /** Statuses for the message's commands (not its SyncHdr), CmdIDs from the given first one. */
  statuses: SyncmlStatus[];
  nextCmdId: number;
  /** Alert 1201 or 1200. */
  sessionStarted: boolean;
  /** Alert 1223. */
  aborted: boolean;
  /** Alert 1222: the device asks for the server's next message. */
  nextMessageAsked: boolean;
  unenrollRequested: boolean;
  /** `./DevInfo` and `./DevDetail` LocURI → value pairs, from Replace/Add and the inventory Get's Results. */
  inventory: Record<string, string>;
  outcomes: DeviceCommandOutcome[];
  /** CmdIDs (as `sent` keys) of the server's commands the device answered. */
  answered: string[];
}

/** Reads a device message against the server's commands awaiting an answer; never throws on an unknown reference. */
export function readDeviceMessage(message: SyncmlMessage, sent: Readonly<Record<string, SentCommand>>, firstCmdId: number): ReceivedMessage {
  const read: ReceivedMessage = {
    statuses: [],
    nextCmdId: firstCmdId,
    sessionStarted: false,
    aborted: false,
    nextMessageAsked: false,
    unenrollRequested: false,
    inventory: {},
    outcomes: [],
    answered: [],
  };
  const outcomes = new Map<string, DeviceCommandOutcome>();
  const outcomeOf = (commandId: string): DeviceCommandOutcome => {
    const existing = outcomes.get(commandId);
    if (existing) return existing;
    // A Results without its Status in the same message: the Results are the device's answer that the Get worked.
    const created: DeviceCommandOutcome = { commandId, statusCode: SyncmlStatusCode.Ok };
    outcomes.set(commandId, created);
    return created;
  };
  const answeredCommand = (cmdRef: number): SentCommand | undefined => {
    const command = cmdRef === 0 ? undefined : sent[String(cmdRef)];
    if (command && !read.answered.includes(String(cmdRef))) read.answered.push(String(cmdRef));
    return command;
  };

  for (const command of message.commands) {
    if (command.kind === 'Status') {
      // CmdRef 0 answers the server's SyncHdr; a 500 there is the device's complaint about the previous reply, not a reason to stop.
      const ours = answeredCommand(command.cmdRef);
      if (ours && ours.commandId !== INVENTORY_COMMAND_ID) outcomeOf(ours.commandId).statusCode = command.data.trim().slice(0, MAX_STATUS_CODE);
      continue;
    }
    if (command.kind === 'Results') {
      const ours = answeredCommand(command.cmdRef);
      if (ours?.commandId === INVENTORY_COMMAND_ID) addInventory(read.inventory, command.items);
      else if (ours) addResults(outcomeOf(ours.commandId), command);
      continue;
    }
    read.statuses.push(statusFor(command, message.header.msgId, codeFor(command, read), read.nextCmdId++));
  }
  read.outcomes = [...outcomes.values()];
  return read;
}

function codeFor(command: SyncmlAnswerable, read: ReceivedMessage): string {
  switch (command.kind) {
    case 'Alert':
      return alertCode(command.data.trim(), command.items, read);
    case 'Add':
    case 'Replace':
      addInventory(read.inventory, command.items);
      return SyncmlStatusCode.Ok;
    default:
      // The device asking the server to Get, Exec, Delete or run an unmodelled command: this server offers no tree.
      return SyncmlStatusCode.OptionalFeatureNotSupported;
  }
}

function alertCode(code: string, items: SyncmlItem[], read: ReceivedMessage): string {
  if (code === SyncmlAlertCode.ClientInitiated || code === SyncmlAlertCode.ServerInitiated) read.sessionStarted = true;
  if (code === SyncmlAlertCode.SessionAbort) read.aborted = true;
  if (code === SyncmlAlertCode.NextMessage) read.nextMessageAsked = true;
  if (code === SyncmlAlertCode.GenericAlert && items.some((item) => item.meta?.type?.trim().toLowerCase() === UNENROLL_REQUEST_ALERT_TYPE))
    read.unenrollRequested = true;
  return ANSWERED_ALERTS.has(code) ? SyncmlStatusCode.Ok : SyncmlStatusCode.OptionalFeatureNotSupported;
}

function addInventory(inventory: Record<string, string>, items: SyncmlItem[]): void {
  for (const item of items) {
    const uri = item.source ?? item.target;
    if (uri === undefined || item.data === undefined || !INVENTORY_PREFIXES.some((prefix) => uri.startsWith(prefix))) continue;
    if (uri.length > MAX_INVENTORY_URI || item.data.length > MAX_INVENTORY_VALUE) continue;
    inventory[uri] = item.data;
  }
}

/** An item the record can hold: every part within its bound. */
const recordable = (item: SyncmlItem): boolean =>
  (item.source ?? item.target ?? '').length <= MAX_RESULT.source &&
  (item.meta?.format ?? '').length <= MAX_RESULT.format &&
  (item.meta?.type ?? '').length <= MAX_RESULT.type &&
  (item.data ?? '').length <= MAX_RESULT.data;

function addResults(outcome: DeviceCommandOutcome, results: SyncmlResults): void {
  const items = results.items.filter(recordable).map((item): DeviceCommandResult => ({
    source: item.source ?? item.target ?? '',
    ...(item.meta?.format !== undefined && { format: item.meta.format }),
    ...(item.meta?.type !== undefined && { type: item.meta.type }),
    ...(item.data !== undefined && { data: item.data }),
  }));
  outcome.results = [...(outcome.results ?? []), ...items];
}
