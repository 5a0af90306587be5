import type {
  DeviceCommand,
  DeviceCommandRepository,
  ManagedDeviceRepository,
  ManagementSessionRepository,
  ManagementSessionState,
} from '@app/enrollment/management';
import {
  DeviceManagementJob,
  deviceManagementJobId,
  type DeviceManagementQueue,
  type RecordSessionJobData,
} from '@app/enrollment/queues/device-management.queue';

/** Sessions are kept this long after their last message, as the product keeps them. */
const SESSION_TTL_SECONDS = 600;
/** The admin command each device finds queued in the Get runs: a leaf every Windows device answers. */
export const QUEUED_GET = { verb: 'Get', target: './DevDetail/SwV' } as const;
/** Commands delivered in one session at most. */
const DUE_LIMIT = 32;

/** The product's management repositories and queue, through which the bare session writes. */
export interface BareManagementRepositories {
  sessions: ManagementSessionRepository;
  commands: DeviceCommandRepository;
  devices: ManagedDeviceRepository;
  queue: DeviceManagementQueue;
}

export interface BareManagedDevice {
  deviceObjectId: string;
  mdmDeviceId: string;
}

/**
 * The Redis work of one device message, without HTTP, SyncML or the session logic: the session's state
 * and the device's due commands read, the state written, the record job enqueued, and what the worker
 * then records for it (the check-in, and the outcome of each command the message answered).
 */
export async function bareManagementMessage(
  repositories: BareManagementRepositories,
  device: BareManagedDevice,
  sessionId: string,
  msgId: number,
  now: Date,
): Promise<{ sent: string[]; ended: boolean }> {
  const { sessions, commands, devices, queue } = repositories;
  const [state, { due, expired }] = await Promise.all([sessions.load(device.deviceObjectId, sessionId), commands.due(device.deviceObjectId, now, DUE_LIMIT)]);
  const answered = state ? Object.values(state.sent).map((sent) => sent.commandId) : [];
  const step = nextBareState(state, device.deviceObjectId, sessionId, msgId, due, now);
  const record: RecordSessionJobData = {
    deviceObjectId: device.deviceObjectId,
    mdmDeviceId: device.mdmDeviceId,
    sessionId,
    msgId,
    at: now.toISOString(),
    sessionStarted: msgId === 1,
    outcomes: answered.map((commandId) => ({ commandId, statusCode: '200', results: [{ source: QUEUED_GET.target, format: 'chr', data: '10.0.19045.3803' }] })),
    expired: expired.map((command) => command.id),
    ...(step.state.ended && { ended: 'final' as const }),
    unenrollRequested: false,
  };
  await Promise.all([
    sessions.save(step.state, SESSION_TTL_SECONDS),
    step.sent.length > 0 ? commands.markSent(device.deviceObjectId, step.sent, now) : undefined,
    queue.add(DeviceManagementJob.RecordSession, record, { jobId: deviceManagementJobId.recordSession(record) }),
  ]);
  await Promise.all([
    devices.checkIn(device.deviceObjectId, device.mdmDeviceId, now, record.sessionStarted),
    ...record.outcomes.map((outcome) => commands.complete(device.deviceObjectId, outcome, now)),
  ]);
  return { sent: step.sent, ended: step.state.ended };
}

/**
 * The session state after a device message: the commands not yet sent in this session go out (each
 * under the server's next CmdID), and the session ends when there was nothing left to send.
 */
export function nextBareState(
  state: ManagementSessionState | null,
  deviceObjectId: string,
  sessionId: string,
  msgId: number,
  due: readonly DeviceCommand[],
  now: Date,
): { state: ManagementSessionState; sent: string[] } {
  const current: ManagementSessionState = state ?? {
    deviceObjectId,
    sessionId,
    lastMsgId: 0,
    nextMsgId: 1,
    nextCmdId: 1,
    sent: {},
    queued: [],
    answered: [],
    inventoryAsked: true,
    ended: false,
    startedAt: now.toISOString(),
  };
  const already = new Set(Object.values(current.sent).map((sent) => sent.commandId));
  const toSend = due.filter((command) => !already.has(command.id)).map((command) => command.id);
  const sent = { ...current.sent };
  let nextCmdId = current.nextCmdId + 1; // the header's Status takes one
  for (const commandId of toSend) sent[String(nextCmdId++)] = { commandId, msgId: current.nextMsgId };
  return {
    state: { ...current, lastMsgId: msgId, nextMsgId: current.nextMsgId + 1, nextCmdId, sent, ended: toSend.length === 0 },
    sent: toSend,
  };
}
