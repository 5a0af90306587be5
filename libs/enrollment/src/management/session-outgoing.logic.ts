import { SyncmlAlertCode } from '../syncml/syncml.constants';
import { splitCommands } from '../syncml/syncml-split';
import { SyncmlTooLargeError } from '../syncml/syncml-too-large.error';
import type { SyncmlAlert, SyncmlCommand, SyncmlHeader, SyncmlItem, SyncmlItemCommand, SyncmlStatus } from '../syncml/syncml.types';
import type { DeviceCommand } from './device-command.model';
import { INVENTORY_NODES } from './managed-device.model';
import { INVENTORY_COMMAND_ID } from './management-session.model';

/** A command the server means to send, by the id it is tracked under, rendered once its CmdID is known. */
export interface OutgoingCommand {
  id: string;
  toSyncml(cmdId: number): SyncmlItemCommand;
}

/** An administrator's (or the service's) command as SyncML: one Item on its LocURI with its Meta and Data. */
export function outgoingDeviceCommand(command: DeviceCommand): OutgoingCommand {
  const meta = {
    ...(command.format !== undefined && { format: command.format }),
    ...(command.type !== undefined && { type: command.type }),
  };
  const item: SyncmlItem = {
    target: command.target,
    ...(Object.keys(meta).length > 0 && { meta }),
    ...(command.data !== undefined && { data: command.data }),
  };
  return { id: command.id, toSyncml: (cmdId) => ({ kind: command.verb, cmdId, items: [item] }) };
}

/** The session's inventory Get: one Item per leaf, since a Get on an interior node lists its children only. */
export const outgoingInventoryGet: OutgoingCommand = {
  id: INVENTORY_COMMAND_ID,
  toSyncml: (cmdId) => ({ kind: 'Get', cmdId, items: Object.values(INVENTORY_NODES).map((target) => ({ target })) }),
};

/** Alert 1222: the server asks for the device's next message of a package it has not finished. */
export function nextMessageAlert(header: SyncmlHeader, cmdId: number): SyncmlAlert {
  return { kind: 'Alert', cmdId, data: SyncmlAlertCode.NextMessage, items: [{ target: header.target, source: header.source }] };
}

export interface PackedReply {
  /** The commands that go in this reply, with their CmdIDs, and what each one is. */
  commands: SyncmlCommand[];
  sent: OutgoingCommand[];
  /** Commands for a later message of the session, in order. */
  left: OutgoingCommand[];
  /** Commands no message of `maxMsgSize` can carry, even alone. */
  tooLarge: OutgoingCommand[];
}

/**
 * Fills a reply that carries `statuses` (all of them, never split) with as many of `outgoing`, in order, as fit
 * `maxMsgSize` bytes once rendered; CmdIDs of the commands run on from `firstCmdId`.
 */
export function packReply(header: SyncmlHeader, statuses: SyncmlStatus[], outgoing: OutgoingCommand[], firstCmdId: number, maxMsgSize?: number): PackedReply {
  const tooLarge: OutgoingCommand[] = [];
  let candidates = outgoing;
  for (;;) {
    const commands = candidates.map((command, index) => command.toSyncml(firstCmdId + index));
    if (maxMsgSize === undefined) return { commands, sent: candidates, left: [], tooLarge };
    try {
      const [first] = splitCommands(header, [...statuses, ...commands], maxMsgSize);
      const count = Math.max(0, first.commands.length - statuses.length);
      return { commands: commands.slice(0, count), sent: candidates.slice(0, count), left: candidates.slice(count), tooLarge };
    } catch (error) {
      if (!(error instanceof SyncmlTooLargeError)) throw error;
      const index = commands.findIndex((command) => command.cmdId === error.cmdId);
      // A Status too large for any message: the Statuses go anyway, the commands wait for a later message.
      if (index < 0) return { commands: [], sent: [], left: candidates, tooLarge };
      tooLarge.push(candidates[index]);
      candidates = candidates.filter((_, position) => position !== index);
    }
  }
}
