import { CliError } from './cli-error';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const RELATIVE = /^(\d{1,6})([smhdw])$/;
// A date, or a date and time with a zone; a time without a zone would depend on the machine's.
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `30d`, `12h`, … as milliseconds, or undefined when the text is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = RELATIVE.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

/** Milliseconds as the largest whole unit: `5m`, `90s`, `2h`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${Math.ceil(ms / 1000)}s`;
}

/**
 * When a token expires: `30d` (from now; also s, m, h, w) or an ISO date (`2030-01-31`, midnight UTC) or
 * date and time with a zone. Must be in the future.
 */
export function parseExpiry(text: string, now = new Date()): Date {
  const expiry = parseWhen(text, now, 1, '--expires');
  if (expiry.getTime() <= now.getTime()) throw new CliError(`--expires ${text} is not in the future`);
  return expiry;
}

/** The start of a history window: `10m` (ago) or an ISO date or date and time. */
export function parseSince(text: string, now = new Date()): Date {
  return parseWhen(text, now, -1, '--since');
}

function parseWhen(text: string, now: Date, direction: 1 | -1, option: string): Date {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() + direction * duration);
  const trimmed = text.trim();
  const date = ABSOLUTE.test(trimmed) ? new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !isCalendarDate(trimmed.slice(0, 10))) {
    throw new CliError(`${option} ${JSON.stringify(text)}: give a duration such as 30d, 12h, 10m, or an ISO date such as 2030-01-31 or 2030-01-31T18:00:00Z`);
  }
  return date;
}

/** `2030-02-31` parses (as March 3rd) but is no date. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How long a command waits, `--timeout 5m`: a duration of at least a second. */
export function parseTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new CliError(`--timeout must be a duration such as 30s, 5m or 1h, not ${JSON.stringify(text)}`);
  return ms;
}

/** A positive whole number option such as `--max-uses 100`. */
export function parsePositiveInteger(option: string): (text: string) => number {
  return (text) => {
    if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw new CliError(`${option} must be a whole number of at least 1, not ${JSON.stringify(text)}`);
    return Number(text);
  };
}
