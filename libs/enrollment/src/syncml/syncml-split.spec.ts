import { parseSyncml } from './syncml.parser';
import { renderSyncml } from './syncml.renderer';
import { renderedSize, splitCommands } from './syncml-split';
import { SyncmlTooLargeError } from './syncml-too-large.error';
import type { SyncmlCommand, SyncmlHeader } from './syncml.types';

const header: SyncmlHeader = { verDTD: '1.2', verProto: 'DM/1.2', sessionId: '3', msgId: 2, target: 'dev', source: 'https://s' };
const replace = (cmdId: number, data: string): SyncmlCommand => ({ kind: 'Replace', cmdId, items: [{ target: `./Vendor/MSFT/N${cmdId}`, data }] });
const bytes = (xml: string): number => Buffer.byteLength(xml, 'utf8');

describe(renderedSize.name, () => {
  it('is the UTF-8 byte length of the rendered message', () => {
    const message = { header, commands: [replace(1, 'é✓😀')], final: true };
    expect(renderedSize(message)).toBe(bytes(renderSyncml(message)));
    expect(renderedSize(message)).toBeGreaterThan(renderSyncml(message).length);
  });
});

describe(splitCommands.name, () => {
  const commands = Array.from({ length: 10 }, (_, index) => replace(index + 1, 'é'.repeat(30 * (index + 1))));

  it('packs commands in order into messages that each fit, numbering them on and marking only the last Final', () => {
    const limit = 1500;
    const sut = splitCommands(header, commands, limit);
    expect(sut.length).toBeGreaterThan(1);
    for (const message of sut) expect(bytes(renderSyncml(message))).toBeLessThanOrEqual(limit);
    expect(sut.flatMap((message) => message.commands)).toEqual(commands);
    expect(sut.map((message) => message.header.msgId)).toEqual(sut.map((_, index) => 2 + index));
    expect(sut.map((message) => message.final)).toEqual(sut.map((_, index) => index === sut.length - 1));
    expect(parseSyncml(renderSyncml(sut[0])).commands).toEqual(sut[0].commands);
  });

  it('uses as few messages as fit: the first command of each message would not have fitted in the one before', () => {
    const limit = 1500;
    const sut = splitCommands(header, commands, limit);
    for (let index = 1; index < sut.length; index++) {
      const previous = sut[index - 1];
      const grown = { ...previous, commands: [...previous.commands, sut[index].commands[0]], final: true };
      expect(renderedSize(grown)).toBeGreaterThan(limit);
    }
  });

  it('sends everything in one Final message when it fits', () => {
    const sut = splitCommands(header, commands.slice(0, 2), 64 * 1024);
    expect(sut).toEqual([{ header, commands: commands.slice(0, 2), final: true }]);
  });

  it('makes one empty Final message for no commands', () => {
    expect(splitCommands(header, [], 1000)).toEqual([{ header, commands: [], final: true }]);
  });

  it('reports a command that does not fit even alone', () => {
    const big = replace(7, 'x'.repeat(5000));
    let thrown: unknown;
    try {
      splitCommands(header, [replace(1, 'a'), big], 2000);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyncmlTooLargeError);
    expect(thrown).toMatchObject({ cmdId: 7, maxMsgSize: 2000 });
    expect((thrown as SyncmlTooLargeError).bytes).toBe(renderedSize({ header: { ...header, msgId: 3 }, commands: [big], final: true }));
    expect((thrown as Error).message).toBe(
      `Command 7 needs a message of ${(thrown as SyncmlTooLargeError).bytes} bytes, more than the 2000 the device accepts`,
    );
  });
});
