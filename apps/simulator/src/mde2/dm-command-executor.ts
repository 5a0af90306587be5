import { statusFor, statusForHeader, SyncmlStatusCode, type SyncmlCommand, type SyncmlItem, type SyncmlMessage, type SyncmlResults } from '@app/enrollment';
import type { DmDeviceTree, DmExecAction, DmTreeAnswer } from './dm-device-tree';

/** One server command the device carried out, and the status it answered. */
export interface ExecutedCommand {
  msgId: number;
  cmdId: number;
  /** `Get`, `Replace`, `Exec`, `Alert`, or the name of a command the device does not support. */
  command: string;
  targets: string[];
  statusCode: string;
}

export interface ExecutionOutcome {
  /** What the device owes the server for this message: the header's Status, then each command's Status (and Results). */
  answers: SyncmlCommand[];
  executed: ExecutedCommand[];
  actions: DmExecAction[];
}

/**
 * Runs the commands of one server message on the device's tree, in order, as Windows' DM client does: a
 * Status for the SyncHdr and for every command but Status and Results, a Results after each successful
 * Get. A command acts on all its items; its status is the first item's that was not 200.
 */
export function executeServerMessage(message: SyncmlMessage, tree: DmDeviceTree, firstCmdId: number): ExecutionOutcome {
  let cmdId = firstCmdId;
  const answers: SyncmlCommand[] = [statusForHeader(message.header, SyncmlStatusCode.Ok, cmdId++)];
  const executed: ExecutedCommand[] = [];
  const actions: DmExecAction[] = [];
  const msgRef = message.header.msgId;
  for (const command of message.commands) {
    if (command.kind === 'Status' || command.kind === 'Results') continue;
    let code: string;
    let results: SyncmlItem[] = [];
    if (command.kind === 'Unknown') {
      code = SyncmlStatusCode.OptionalFeatureNotSupported;
    } else if (command.kind === 'Alert') {
      code = SyncmlStatusCode.Ok;
    } else {
      const outcomes = command.items.map((item) => ({ item, answer: onItem(tree, command.kind, item) }));
      code = outcomes.find(({ answer }) => answer.code !== SyncmlStatusCode.Ok)?.answer.code ?? SyncmlStatusCode.Ok;
      for (const { answer } of outcomes) if (answer.exec && answer.code === SyncmlStatusCode.Ok) actions.push(answer.exec);
      if (command.kind === 'Get') {
        results = outcomes
          .filter(({ answer }) => answer.code === SyncmlStatusCode.Ok)
          .map(({ item, answer }) => ({ source: item.target ?? '', meta: { format: answer.format }, data: answer.value }));
      }
    }
    answers.push(statusFor(command, msgRef, code, cmdId++));
    if (results.length > 0) {
      const reply: SyncmlResults = { kind: 'Results', cmdId: cmdId++, msgRef, cmdRef: command.cmdId, items: results };
      answers.push(reply);
    }
    executed.push({
      msgId: msgRef,
      cmdId: command.cmdId,
      command: command.kind === 'Unknown' ? command.name : command.kind,
      targets: command.kind === 'Unknown' ? [] : command.items.flatMap((item) => (item.target === undefined ? [] : [item.target])),
      statusCode: code,
    });
  }
  return { answers, executed, actions };
}

function onItem(tree: DmDeviceTree, verb: 'Add' | 'Delete' | 'Exec' | 'Get' | 'Replace', item: SyncmlItem): DmTreeAnswer {
  const target = item.target;
  if (target === undefined) return { code: '400' };
  switch (verb) {
    case 'Get':
      return tree.get(target);
    case 'Add':
      return tree.add(target, item.data, item.meta?.format);
    case 'Replace':
      return tree.replace(target, item.data, item.meta?.format);
    case 'Delete':
      return tree.delete(target);
    case 'Exec':
      return tree.exec(target);
  }
}
