import { parse } from 'csv-parse/sync';
import { InventoryDeviceInput, inventoryIdentity, InventoryDeviceSchema } from '@app/enrollment/inventory/inventory-device.schema';
import { CliError } from '../cli-error';

type Field = keyof InventoryDeviceInput;

/** Header names (lower case, letters and digits only) of each field, as Configuration Manager spells them. */
const COLUMN_ALIASES: Record<Field, readonly string[]> = {
  name: ['name', 'netbiosname', 'computername', 'devicename'],
  smbiosGuid: ['smbiosguid', 'smbiosuuid'],
  serialNumber: ['serialnumber', 'serialno', 'serial'],
  resourceId: ['resourceid'],
  adSite: ['adsitename', 'adsite'],
};
const FIELD_BY_ALIAS = new Map(Object.entries(COLUMN_ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field as Field])));
const DELIMITERS = [',', ';', '\t'] as const;

export interface InventoryRow {
  line: number;
  device: InventoryDeviceInput;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface InventoryCsv {
  rows: InventoryRow[];
  rejected: RejectedRow[];
  delimiter: string;
  /** The header each field was read from. */
  columns: Partial<Record<Field, string>>;
}

/**
 * Reads a Configuration Manager device export (console export, PowerShell Export-Csv or a SQL report
 * saved by Excel): UTF-8 with or without BOM, UTF-16 or Windows-1252, separated by commas, semicolons or
 * tabs. Good rows come back with their line numbers, bad ones with the reason; a file that cannot be
 * read as such an export throws a CliError.
 */
export function parseInventoryCsv(input: Buffer | string): InventoryCsv {
  // csv-parse counts the CR and the LF of a CRLF inside quotes as two lines: one kind of line break keeps numbers true.
  const decoded = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input);
  const text = blankPowerShellTypeLine(decoded.replace(/\r\n?/g, '\n'));
  const delimiter = detectDelimiter(text);
  const rejected: RejectedRow[] = [];
  const records = parse(text, {
    delimiter,
    info: true,
    raw: true,
    relax_column_count: true,
    // A stray quote stays in its value (and fails validation there) rather than swallowing the next lines.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      const line = startLine(Number(error?.lines ?? 0), raw ?? '');
      const reason =
        error?.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'not valid CSV: a quote opened on this line is never closed, so the rest of the file cannot be read'
          : `not valid CSV: ${error?.message.replace(/ at line \d+/, '') ?? 'unreadable'}`;
      rejected.push({ line, reason });
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  if (records.length === 0) throw new CliError('the file is empty: expected a header line such as "Name,SMBIOS GUID,Serial Number,Resource ID"');

  const [header, ...body] = records;
  const columns = mapColumns(header.record);
  const rows: InventoryRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info, raw } of body) {
    const line = startLine(info.lines, raw);
    if (record.every((value) => value.trim() === '')) continue;
    if (record.length > header.record.length) {
      rejected.push({ line, reason: `has ${record.length} fields but the header has ${header.record.length} (a value with a "${delimiter}" must be quoted)` });
      continue;
    }
    const outcome = toDevice(record, columns);
    if ('reason' in outcome) {
      rejected.push({ line, reason: outcome.reason });
      continue;
    }
    const identity = inventoryIdentity(outcome.device);
    const first = firstLineOf.get(identity);
    if (first !== undefined) {
      const what = outcome.device.serialNumber !== undefined ? `serial number ${outcome.device.serialNumber}` : `SMBIOS GUID ${outcome.device.smbiosGuid}`;
      rejected.push({ line, reason: `repeats the ${what} of line ${first}` });
      continue;
    }
    firstLineOf.set(identity, line);
    rows.push({ line, device: outcome.device });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { rows, rejected, delimiter, columns: Object.fromEntries(Object.entries(columns).map(([field, { header }]) => [field, header])) };
}

interface Column {
  index: number;
  header: string;
}

function mapColumns(headers: string[]): Partial<Record<Field, Column>> {
  const columns: Partial<Record<Field, Column>> = {};
  headers.forEach((header, index) => {
    const field = fieldOf(header);
    // The first of two columns for one field wins, as a reader of the sheet would expect.
    if (field && !columns[field]) columns[field] = { index, header: unquote(header.trim()) };
  });
  const found = headers.map((header) => JSON.stringify(unquote(header.trim()))).join(', ');
  if (!columns.name) throw new CliError(`no Name column in the header line (found ${found})`);
  if (!columns.serialNumber && !columns.smbiosGuid) {
    throw new CliError(`no "Serial Number" or "SMBIOS GUID" column in the header line (found ${found}): devices are matched by one of them`);
  }
  return columns;
}

/** `SMBIOS GUID`, `SMBIOSGUID`, `smbios_guid0` (a SQL view column) all name the same field. */
function fieldOf(header: string): Field | undefined {
  const normalized = header.toLowerCase().replace(/[^a-z0-9]/g, '');
  return FIELD_BY_ALIAS.get(normalized) ?? FIELD_BY_ALIAS.get(normalized.replace(/0$/, ''));
}

function toDevice(record: string[], columns: Partial<Record<Field, Column>>): { device: InventoryDeviceInput } | { reason: string } {
  const value = (field: Field) => {
    const column = columns[field];
    const text = column ? unquote((record[column.index] ?? '').trim()) : '';
    return text === '' ? undefined : text;
  };
  const label = (field: Field) => columns[field]?.header ?? field;
  const name = value('name');
  if (name === undefined) return { reason: `${label('name')} is missing` };
  const resourceText = value('resourceId');
  if (resourceText !== undefined && !/^\d+$/.test(resourceText)) {
    return { reason: `${label('resourceId')} ${JSON.stringify(resourceText)} is not a resource id (a whole number)` };
  }
  const serialNumber = value('serialNumber');
  if (serialNumber?.includes('"')) return { reason: `${label('serialNumber')} ${JSON.stringify(serialNumber)} contains a quote (is the CSV quoting broken?)` };
  const candidate = {
    name,
    smbiosGuid: value('smbiosGuid')?.replace(/^\{(.*)\}$/, '$1'),
    serialNumber,
    resourceId: resourceText === undefined ? undefined : Number(resourceText),
    adSite: value('adSite'),
  };
  if (candidate.serialNumber === undefined && candidate.smbiosGuid === undefined) {
    return { reason: `needs a ${[columns.serialNumber && label('serialNumber'), columns.smbiosGuid && label('smbiosGuid')].filter(Boolean).join(' or ')}` };
  }
  const result = InventoryDeviceSchema.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
  if (result.success) return { device: result.data };
  const reasons = result.error.issues.map((issue) => {
    const field = issue.path[0] as Field;
    return `${label(field)} ${JSON.stringify(String(candidate[field] ?? ''))} ${issue.message}`;
  });
  return { reason: reasons.join('; ') };
}

function decode(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    // Excel's "CSV (Comma delimited)" writes the machine's ANSI code page, Windows-1252 in Western locales.
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

/** PowerShell 5's Export-Csv starts with `#TYPE …` unless told not to; blanked so line numbers stay true. */
function blankPowerShellTypeLine(text: string): string {
  return text.replace(/^#TYPE [^\n]*/, '');
}

/** The delimiter the header line uses most, outside quotes; a comma when it has none. */
function detectDelimiter(text: string): string {
  const headerLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((delimiter) => ({ delimiter, count: unquoted.split(delimiter).length - 1 }));
  const best = counts.reduce((a, b) => (b.count > a.count ? b : a));
  return best.count > 0 ? best.delimiter : ',';
}

/** A value quoted after a space (`a, "b"`): csv-parse keeps the quotes, a spreadsheet would not. */
function unquote(value: string): string {
  const match = /^"([\s\S]*)"$/.exec(value);
  return match && !/(^|[^"])"("")*($|[^"])/.test(match[1]) ? match[1].replace(/""/g, '"').trim() : value;
}

/** csv-parse reports the line a record ends on; a quoted value may span lines, so count back to its first. */
function startLine(endLine: number, raw: string): number {
  // The record's raw text starts with the empty lines skipped before it, and ends with its line break.
  const inner = raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  return endLine - (inner.match(/\n/g)?.length ?? 0);
}
