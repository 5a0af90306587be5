import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLevel } from './diagnostic-event';
import { ALL_EVENT_DEFINITIONS } from './event-catalogue';

const DOC_PATH = join(__dirname, '../../../../docs/events.md');

/** The table rows under each heading of the doc, as trimmed cells with code ticks removed. */
function rowsByHeading(markdown: string): Map<string, string[][]> {
  const sections = new Map<string, string[][]>();
  let rows: string[][] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) sections.set(line.replace(/^#+\s*/, '').trim(), (rows = []));
    else if (line.startsWith('|'))
      rows.push(
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
      );
  }
  return sections;
}

describe('docs/events.md', () => {
  const sut = rowsByHeading(readFileSync(DOC_PATH, 'utf8'));

  it.each(ALL_EVENT_DEFINITIONS.map((def) => [def.id, def.symbol, def] as const))(
    'documents %i %s under its channel, as the catalogue defines it',
    (id, symbol, def) => {
      const row = (sut.get(def.channel) ?? []).find((cells) => cells[0] === String(id) && cells[2] === symbol);

      expect(row).toEqual([String(id), EventLevel[def.level], symbol, def.taskName, def.message]);
    },
  );

  it('documents no event the catalogue lacks', () => {
    const channels = new Set(ALL_EVENT_DEFINITIONS.map((def) => def.channel as string));
    const documented = [...sut].filter(([heading]) => channels.has(heading)).flatMap(([, rows]) => rows);
    const known = new Set(ALL_EVENT_DEFINITIONS.map((def) => `${def.id} ${def.symbol}`));
    const eventRows = documented.filter((cells) => /^\d+$/.test(cells[0]));

    expect(eventRows.map((cells) => `${cells[0]} ${cells[2]}`).filter((key) => !known.has(key))).toEqual([]);
    expect(eventRows).toHaveLength(ALL_EVENT_DEFINITIONS.length);
  });
});
