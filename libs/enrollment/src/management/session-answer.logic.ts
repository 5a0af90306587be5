import { SyncmlStatusCode } from '../syncml/syncml.constants';
import { SYNCML_AUTH_MD5 } from '../syncml/syncml-digest';
import { replyHeader, statusForHeader } from '../syncml/syncml-status';
import type { SyncmlStatus } from '../syncml/syncml.types';
import type { DeviceCommandOutcome } from './device-command.model';
import { INVENTORY_COMMAND_ID, type ManagementSessionState, type SentCommand } from './management-session.model';
import type { SessionMessageAnswer, SessionMessageInput } from './session-answer';
import { readDeviceMessage } from './session-received.logic';
import { nextMessageAlert, outgoingDeviceCommand, outgoingInventoryGet, packReply, type OutgoingCommand } from './session-outgoing.logic';

/** SyncML's code for a command larger than the message the device accepts. */
const REQUEST_ENTITY_TOO_LARGE = '413';

/**
 * Answers one device message of an OMA-DM session (MS-MDM): a Status for the SyncHdr and every command, the
 * outcomes and inventory it reports, and the server's next commands within the device's MaxMsgSize. Pure: the
 * caller loads `state`, stores the answer's state and records its `record`.
 */
export function answerSessionMessage(input: SessionMessageInput): SessionMessageAnswer {
  const { message } = input;
  // An unknown SessionID is a session to open whatever its MsgID: Windows carries on after the server lost its state.
  const previous = input.state && !input.state.ended ? input.state : openState(input);
  const header = replyHeader(message.header, input.serverUri, previous.nextMsgId);
  const headerStatus = headerStatusOf(input, previous.nextCmdId);
  const base = {
    deviceObjectId: input.device.deviceObjectId,
    mdmDeviceId: input.device.mdmDeviceId,
    sessionId: message.header.sessionId,
    msgId: message.header.msgId,
    expired: input.expired,
  };
  const next = (changes: Partial<ManagementSessionState>): ManagementSessionState => ({
    ...previous,
    lastMsgId: message.header.msgId,
    nextMsgId: previous.nextMsgId + 1,
    ...changes,
  });

  if (input.credential && !input.credential.accepted) {
    return {
      reply: { header, commands: [headerStatus], final: true },
      state: next({ nextCmdId: headerStatus.cmdId + 1 }),
      sentCommandIds: [],
      record: { ...base, sessionStarted: false, outcomes: [], unenrollRequested: false },
    };
  }

  const received = readDeviceMessage(message, previous.sent, headerStatus.cmdId + 1);
  const statuses = [headerStatus, ...received.statuses];
  const sent = withoutKeys(previous.sent, received.answered);
  const answered = [...previous.answered, ...received.answered.map((cmdId) => previous.sent[cmdId].commandId)];
  const recorded = (outcomes: DeviceCommandOutcome[], ended?: 'final' | 'aborted') => ({
    ...base,
    sessionStarted: received.sessionStarted,
    ...(Object.keys(received.inventory).length > 0 && { inventory: received.inventory }),
    outcomes,
    ...(ended && { ended }),
    unenrollRequested: received.unenrollRequested,
  });

  if (received.aborted) {
    return {
      reply: { header, commands: statuses, final: true },
      state: next({ nextCmdId: received.nextCmdId, sent, answered, queued: [], ended: true }),
      sentCommandIds: [],
      record: recorded(received.outcomes, 'aborted'),
    };
  }

  if (!message.final && !received.nextMessageAsked) {
    // The device's package goes on in its next message: the server's commands wait until it is complete.
    const alert = nextMessageAlert(header, received.nextCmdId);
    return {
      reply: { header, commands: [...statuses, alert], final: false },
      state: next({ nextCmdId: alert.cmdId + 1, sent, answered }),
      sentCommandIds: [],
      record: recorded(received.outcomes),
    };
  }

  const outgoing = commandsToSend(input, previous, answered);
  const packed = packReply(header, statuses, outgoing, received.nextCmdId, message.header.maxMsgSize);
  const nowSent: Record<string, SentCommand> = Object.fromEntries(
    packed.commands.map((command, index) => [String(command.cmdId), { commandId: packed.sent[index].id, msgId: header.msgId }]),
  );
  const outcomes = [...received.outcomes, ...packed.tooLarge.map((command) => ({ commandId: command.id, statusCode: REQUEST_ENTITY_TOO_LARGE }))];
  const over = message.final && packed.commands.length === 0 && packed.left.length === 0;
  return {
    reply: { header, commands: [...statuses, ...packed.commands], final: packed.left.length === 0 },
    state: next({
      nextCmdId: received.nextCmdId + packed.commands.length,
      sent: { ...sent, ...nowSent },
      answered,
      queued: packed.left.map((command) => command.id),
      inventoryAsked: previous.inventoryAsked || outgoing.some((command) => command.id === INVENTORY_COMMAND_ID),
      ended: over,
    }),
    sentCommandIds: packed.sent.filter((command) => command.id !== INVENTORY_COMMAND_ID).map((command) => command.id),
    record: recorded(outcomes, over ? 'final' : undefined),
  };
}

function openState(input: SessionMessageInput): ManagementSessionState {
  return {
    deviceObjectId: input.device.deviceObjectId,
    sessionId: input.message.header.sessionId,
    lastMsgId: 0,
    nextMsgId: 1,
    nextCmdId: 1,
    sent: {},
    queued: [],
    answered: [],
    inventoryAsked: false,
    ended: false,
    startedAt: input.now.toISOString(),
  };
}

function headerStatusOf(input: SessionMessageInput, cmdId: number): SyncmlStatus {
  const { credential } = input;
  const code = !credential ? SyncmlStatusCode.Ok : credential.accepted ? SyncmlStatusCode.AuthenticationAccepted : SyncmlStatusCode.InvalidCredentials;
  const status = statusForHeader(input.message.header, code, cmdId);
  return credential ? { ...status, chal: { type: SYNCML_AUTH_MD5, format: 'b64', nextNonce: credential.nextNonce } } : status;
}

/**
 * In order: what an earlier message of this session left for later, the inventory Get once per session, then
 * the due commands not already out in this session nor answered in it. A left command no longer due (expired,
 * answered) is dropped.
 */
function commandsToSend(input: SessionMessageInput, state: ManagementSessionState, answered: string[]): OutgoingCommand[] {
  const due = new Map(input.due.map((command) => [command.id, command]));
  const awaiting = new Set([...Object.values(state.sent).map((sent) => sent.commandId), ...answered]);
  const ids: string[] = state.queued.filter((id) => id === INVENTORY_COMMAND_ID || due.has(id));
  if (input.device.needsInventory && !state.inventoryAsked && !ids.includes(INVENTORY_COMMAND_ID)) ids.push(INVENTORY_COMMAND_ID);
  for (const command of input.due) if (!awaiting.has(command.id) && !ids.includes(command.id)) ids.push(command.id);
  return ids.map((id) => (id === INVENTORY_COMMAND_ID ? outgoingInventoryGet : outgoingDeviceCommand(due.get(id)!)));
}

function withoutKeys<T>(record: Readonly<Record<string, T>>, keys: string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}
