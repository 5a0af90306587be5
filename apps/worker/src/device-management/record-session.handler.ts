import { Injectable } from '@nestjs/common';
import {
  DeviceCommand,
  DeviceCommandOutcome,
  DeviceCommandRepository,
  INVENTORY_COMMAND_ID,
  inventoryFrom,
  isSuccessCode,
  ManagedDeviceRepository,
  managementSessionActivityId,
  MDM_COMMAND_EXPIRED,
  MDM_COMMAND_FAILED,
  MDM_COMMAND_SUCCEEDED,
  MDM_SESSION_ENDED,
  MDM_SESSION_STARTED,
  RecordSessionJobData,
  UnenrollmentReason,
} from '@app/enrollment';
import { ActivityEvents, ActivityJournal } from './activity-journal';
import { DeviceUnenrollment } from './device-unenrollment.service';

const SESSION_STATUS: Record<NonNullable<RecordSessionJobData['ended']>, string> = {
  final: 'The operation completed successfully.',
  aborted: 'The session was aborted by the device (Alert 1223).',
};

/**
 * Records what one device message reported: the check-in, inventory, each command's outcome, expired
 * commands, an unenrollment asked or acknowledged, and the session's events (one activity per session).
 *
 * A retried job runs all of it again, so each part is safe twice: the check-in and inventory are plain
 * writes (a new session counted only while its 208 is not written yet), an outcome is kept once per
 * command, and each event is written once per session (the activity's stored events are the checkpoint).
 */
@Injectable()
export class RecordSessionHandler {
  constructor(
    private readonly managed: ManagedDeviceRepository,
    private readonly commands: DeviceCommandRepository,
    private readonly unenrollment: DeviceUnenrollment,
    private readonly journal: ActivityJournal,
  ) {}

  async record(data: RecordSessionJobData): Promise<void> {
    const at = new Date(data.at);
    const { deviceObjectId } = data;
    // Most messages of a session are polls with nothing to report: the events are read only when one is due.
    let opened: Promise<ActivityEvents> | undefined;
    const session = () => (opened ??= this.openSession(data));
    const sessionData = { MdmDeviceId: data.mdmDeviceId, SessionId: data.sessionId };

    if (data.sessionStarted) {
      const events = await session();
      await this.managed.checkIn(deviceObjectId, data.mdmDeviceId, at, !events.has(MDM_SESSION_STARTED));
      await events.recordOnce(MDM_SESSION_STARTED, sessionData);
    } else {
      await this.managed.checkIn(deviceObjectId, data.mdmDeviceId, at, false);
    }

    const inventory = inventoryFrom(data.inventory ?? {});
    if (Object.keys(inventory).length > 0) await this.managed.recordInventory(deviceObjectId, inventory, at);

    let unenrollment: UnenrollmentReason | undefined;
    for (const outcome of data.outcomes) {
      // The session's own inventory Get is no device command: its Results came as `inventory`.
      if (outcome.commandId === INVENTORY_COMMAND_ID) continue;
      const command = await this.complete(deviceObjectId, outcome, at, session);
      if (command?.origin === 'unenroll' && command.status === 'succeeded') unenrollment = 'admin';
    }
    for (const commandId of data.expired) {
      const command = await this.commands.get(deviceObjectId, commandId);
      await (await session()).recordOnce(MDM_COMMAND_EXPIRED, commandData(commandId, command));
    }

    if (data.unenrollRequested) unenrollment = 'device';
    if (unenrollment) await this.unenrollment.unenroll(deviceObjectId, unenrollment, at);
    if (data.ended) await (await session()).recordOnce(MDM_SESSION_ENDED, { ...sessionData, SessionStatus: SESSION_STATUS[data.ended] });
  }

  /**
   * Records one outcome (the first for a command wins) and its event, written by the message that completed
   * the command: the one whose `complete` won, or, on a retry, the one at whose time it was completed.
   * A later answer to a redelivered command changes nothing and writes nothing.
   */
  private async complete(
    deviceObjectId: string,
    outcome: DeviceCommandOutcome,
    at: Date,
    session: () => Promise<ActivityEvents>,
  ): Promise<DeviceCommand | null> {
    const won = await this.commands.complete(deviceObjectId, outcome, at);
    const command = await this.commands.get(deviceObjectId, outcome.commandId);
    if (!command) return null;
    if (won || completedAt(command, at)) {
      const statusCode = command.statusCode ?? outcome.statusCode;
      const definition = isSuccessCode(statusCode) ? MDM_COMMAND_SUCCEEDED : MDM_COMMAND_FAILED;
      await (await session()).recordOnce(definition, { ...commandData(command.id, command), StatusCode: statusCode });
    }
    return command;
  }

  private async openSession(data: RecordSessionJobData): Promise<ActivityEvents> {
    const { subject } = await this.journal.subject(data.deviceObjectId, data.mdmDeviceId);
    return this.journal.open(managementSessionActivityId(data.deviceObjectId, data.sessionId), subject);
  }
}

/** What a command's events say of it: never its data. */
function commandData(commandId: string, command: DeviceCommand | null) {
  return { CommandId: commandId, CommandType: command?.verb, CspUri: command?.target };
}

function completedAt(command: DeviceCommand, at: Date): boolean {
  return command.completedAt !== undefined && new Date(command.completedAt).getTime() === at.getTime();
}
