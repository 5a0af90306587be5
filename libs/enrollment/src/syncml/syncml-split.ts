import { renderClosing, renderCommand, renderOpening } from './syncml.renderer';
import { SyncmlTooLargeError } from './syncml-too-large.error';
import type { SyncmlCommand, SyncmlHeader, SyncmlMessage } from './syncml.types';

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The size in UTF-8 bytes of `renderSyncml(message)`. */
export function renderedSize(message: SyncmlMessage): number {
  return (
    utf8(renderOpening(message.header)) + message.commands.reduce((sum, command) => sum + utf8(renderCommand(command)), 0) + utf8(renderClosing(message.final))
  );
}

/**
 * Packs commands, in order and never split, into as few messages as fit `maxMsgSize` bytes once rendered.
 * Message ids run on from `header.msgId`; only the last message is Final. Throws `SyncmlTooLargeError` for
 * a command that does not fit even alone.
 */
export function splitCommands(header: SyncmlHeader, commands: SyncmlCommand[], maxMsgSize: number): SyncmlMessage[] {
  const batches: SyncmlCommand[][] = [[]];
  let used = 0;
  for (const command of commands) {
    const bytes = utf8(renderCommand(command));
    // Every message is measured as if Final: the closing it may carry is counted before it is known.
    const msgId = header.msgId + batches.length - 1;
    const frame = utf8(renderOpening({ ...header, msgId })) + utf8(renderClosing(true));
    const batch = batches.at(-1)!;
    if (frame + used + bytes <= maxMsgSize) {
      batch.push(command);
      used += bytes;
      continue;
    }
    const nextFrame = utf8(renderOpening({ ...header, msgId: msgId + 1 })) + utf8(renderClosing(true));
    if (batch.length === 0 || nextFrame + bytes > maxMsgSize)
      throw new SyncmlTooLargeError(command.cmdId, (batch.length === 0 ? frame : nextFrame) + bytes, maxMsgSize);
    batches.push([command]);
    used = bytes;
  }
  return batches.map((batch, index) => ({ header: { ...header, msgId: header.msgId + index }, commands: batch, final: index === batches.length - 1 }));
}
