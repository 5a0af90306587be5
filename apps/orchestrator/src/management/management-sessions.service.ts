import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  answerSessionMessage,
  APP_CONFIG,
  AppConfig,
  DEVICE_MANAGEMENT_QUEUE,
  DeviceCommandRepository,
  DeviceManagementJob,
  deviceManagementJobId,
  deviceManagementJobOptions,
  DeviceManagementQueue,
  EnrollmentError,
  ErrorCode,
  ManagedDeviceRepository,
  ManagementSessionRepository,
  MAX_SESSION_ID_LENGTH,
  MDM_PROVIDER_ID,
  mde2Urls,
  mdmNonceBox,
  newNonce,
  parseSyncml,
  renderSyncml,
  SecretBox,
  SyncmlCred,
  SyncmlFormatError,
  SyncmlMessage,
  verifyMd5Cred,
} from '@app/enrollment';
import { AuthenticatedDevice, DeviceCertificateAuth } from '../device-auth/device-certificate.auth';

/** A session's state outlives its last message by this much; Windows' sessions last seconds. */
const SESSION_TTL_S = 15 * 60;
/** Commands looked at per message: more wait for the next message or session, in order. */
const DUE_LIMIT = 50;

/**
 * Answers one OMA-DM message of an authenticated device. The state between messages is in Redis, so
 * any orchestrator answers any message of a session; what the message reported goes to the worker as
 * a `record-session` job (one per message, so a repeated message is recorded once).
 */
@Injectable()
export class ManagementSessions {
  private readonly nonces: SecretBox;
  private readonly serverUri: string;
  private readonly jobOptions: ReturnType<typeof deviceManagementJobOptions>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: DeviceCertificateAuth,
    private readonly sessions: ManagementSessionRepository,
    private readonly commands: DeviceCommandRepository,
    private readonly managed: ManagedDeviceRepository,
    @InjectQueue(DEVICE_MANAGEMENT_QUEUE) private readonly queue: DeviceManagementQueue,
  ) {
    this.nonces = mdmNonceBox(config.pki.passphrase);
    this.serverUri = mde2Urls(config.http.publicUrl).management;
    this.jobOptions = deviceManagementJobOptions(config.worker);
  }

  /** The reply to `body`, rendered; an EnrollmentError for a caller or message refused (nothing recorded then). */
  async answer(request: Request, body: string): Promise<string> {
    const caller = await this.auth.authenticate(request);
    const message = parsed(body);
    const { device, enrollment } = caller;
    if (message.header.source !== enrollment.management.mdmDeviceId) {
      throw EnrollmentError.permanent(
        ErrorCode.ManagementDeviceMismatch,
        `The message comes from DeviceID ${message.header.source}, but the certificate is device object ${device.id}'s`,
      );
    }
    // Independent reads, one round trip: the session so far and what the device reported before.
    const [state, managed] = await Promise.all([this.sessions.load(device.id, message.header.sessionId), this.managed.get(device.id)]);
    // A message the device sent again (its answer was lost) gets the same answer, and is recorded once.
    if (state?.lastReply !== undefined && message.header.msgId === state.lastMsgId) return state.lastReply;
    if (state && message.header.msgId < state.lastMsgId) {
      throw EnrollmentError.permanent(
        ErrorCode.ManagementMessageOutOfOrder,
        `Message ${message.header.msgId} of session ${message.header.sessionId} comes after message ${state.lastMsgId}`,
      );
    }

    const now = new Date();
    const credential = message.header.cred && (await this.checkCredential(caller, message.header.cred));
    const { due, expired } = credential?.accepted === false ? { due: [], expired: [] } : await this.commands.due(device.id, now, DUE_LIMIT);
    const answer = answerSessionMessage({
      message,
      state,
      device: { deviceObjectId: device.id, mdmDeviceId: enrollment.management.mdmDeviceId, needsInventory: !managed?.inventoryAt },
      due,
      expired: expired.map((command) => command.id),
      credential,
      serverUri: this.serverUri,
      now,
    });
    const xml = renderSyncml(answer.reply);
    if (!(await this.sessions.save({ ...answer.state, lastReply: xml }, SESSION_TTL_S))) {
      // Another orchestrator answered this message at the same moment: its answer is the session's.
      const current = await this.sessions.load(device.id, message.header.sessionId);
      if (current?.lastMsgId === message.header.msgId && current.lastReply !== undefined) return current.lastReply;
      throw EnrollmentError.permanent(
        ErrorCode.ManagementMessageOutOfOrder,
        `Session ${message.header.sessionId} moved on past message ${message.header.msgId}`,
      );
    }
    const data = { ...answer.record, at: now.toISOString() };
    await Promise.all([
      this.commands.markSent(device.id, answer.sentCommandIds, now),
      this.queue.add(DeviceManagementJob.RecordSession, data, { ...this.jobOptions, jobId: deviceManagementJobId.recordSession(data) }),
    ]);
    return xml;
  }

  /**
   * Checks the header's MD5 digest against the nonce the device was last given (at enrollment, then in
   * each NextNonce), and draws the next one. The new nonce is stored before the answer leaves: a device
   * that misses it is challenged again with a fresh one, as OMA-DM provides.
   */
  private async checkCredential({ device, enrollment }: AuthenticatedDevice, cred: SyncmlCred): Promise<{ accepted: boolean; nextNonce: string }> {
    const sealed = (await this.managed.clientNonce(device.id)) ?? enrollment.management.clientNonce;
    const nonce = this.nonces.open(sealed);
    const names = [enrollment.management.mdmDeviceId, MDM_PROVIDER_ID];
    const accepted = verifyMd5Cred(
      cred,
      names.map((name) => ({ name, secret: MDM_PROVIDER_ID })),
      nonce,
    );
    const nextNonce = newNonce();
    await this.managed.setClientNonce(device.id, this.nonces.seal(nextNonce));
    return { accepted, nextNonce };
  }
}

function parsed(body: string): SyncmlMessage {
  let message: SyncmlMessage;
  try {
    message = parseSyncml(body);
  } catch (error) {
    if (error instanceof SyncmlFormatError)
      throw EnrollmentError.permanent(ErrorCode.ValidationFailed, `Not a SyncML message this server reads: ${error.message}`);
    throw error;
  }
  // The session is recorded under its SessionID and MsgID: a message answered outside the record's bounds would never be recorded.
  const { sessionId, msgId } = message.header;
  if (sessionId.length > MAX_SESSION_ID_LENGTH) {
    throw EnrollmentError.permanent(ErrorCode.ValidationFailed, `SyncHdr/SessionID is longer than ${MAX_SESSION_ID_LENGTH} characters`);
  }
  if (msgId < 1) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'SyncHdr/MsgID counts from 1');
  return message;
}
