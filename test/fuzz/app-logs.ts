import { AppProcess } from '../support/service';

/** Where each app's output stood when the run began, so that only the run's own lines are read. */
export type LogMarks = Map<AppProcess, number>;

export const markLogs = (apps: AppProcess[]): LogMarks => new Map(apps.map((app) => [app, app.lines.length]));

/**
 * Error-level lines the apps logged since `marks`, counted by what they say (ids folded away): the
 * orchestrator logs every 5xx as "request failed", even one whose client had already gone.
 */
export function errorLines(marks: LogMarks, names: Map<AppProcess, string>): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [app, from] of marks) {
    const name = names.get(app) ?? 'app';
    for (const line of app.lines.slice(from)) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        // Not a log entry: a stack trace or a crash message written to stderr (or a piece of a long entry).
        if (/error|exception|fatal/i.test(line) && !line.includes('":')) bump(`${name}: ${line.slice(0, 160)}`);
        continue;
      }
      // Diagnostics events of level Error (a step that failed) are the product's output, not its errors.
      if (entry.level !== 'error' || entry.message === 'diagnostics event') continue;
      const text = [entry.message, entry.code, entry.error]
        .filter(Boolean)
        .join(' · ')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
      bump(`${name}: ${text}`);
    }
  }
  return counts;
}
