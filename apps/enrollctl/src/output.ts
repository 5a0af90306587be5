/** Where a command writes: results to `out` (stdout), progress and warnings to `err` (stderr). */
export interface Output {
  /** Machine-readable output (`--json`) instead of tables. */
  readonly json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function consoleOutput(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
}

/** Columns padded to their widest cell, two spaces apart; no trailing spaces. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cells = [headers.map(String), ...rows.map((row) => row.map(cell))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((value, column) => (column === row.length - 1 ? value : value.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `label  value` lines, labels aligned; empty values are left out. */
export function keyValues(pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>): string {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

/** An ISO time to the second, in UTC: what tables show. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const SCCM_ORDER = ['resourceId', 'smbiosGuid', 'serialNumber', 'name', 'adSite'];

/** Configuration Manager's ids in one order, whatever order the store kept them in. */
export function sccmText(sccm: Record<string, string | number>): string {
  const rank = (name: string) => (SCCM_ORDER.includes(name) ? SCCM_ORDER.indexOf(name) : SCCM_ORDER.length);
  return Object.entries(sccm)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function cell(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '-' : String(value);
}
