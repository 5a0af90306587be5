export type Alignment = 'left' | 'right';

/** A markdown table padded into columns, so that it reads the same in a terminal and rendered. */
export function markdownTable(headers: string[], rows: string[][], align: Alignment[] = []): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, column) => escapeCell(row[column] ?? '')));
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => row[column].length)));
  const pad = (text: string, column: number) => (align[column] === 'right' ? text.padStart(widths[column]) : text.padEnd(widths[column]));
  const line = (row: string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
