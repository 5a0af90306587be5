// How `npm start` shows the service to the person who started it: one banner, then one line per
// request outcome and one per warning or error. The apps' own output stays JSON (LOG_FORMAT=json
// passes it through as it is, for machines).
'use strict';

/** The banner, once both processes are up; `scheme` is what the orchestrator serves (https with TLS_CERT_FILE). */
function banner({ scheme = 'http', port, devAdminKey, warnings, redis }) {
  const base = `${scheme}://localhost:${port}`;
  const lines = [
    '',
    'Enrollment Orchestrator is running (Ctrl-C stops it).',
    '',
    `  API          ${base}`,
    `  Bull Board   ${base}/admin/queues   (any user name, the admin key as the password)`,
    `  API docs     ${base}/docs`,
    `  Health       ${base}/health/ready`,
    devAdminKey ? `  Admin key    ${devAdminKey}   (development key: use as "Authorization: Bearer <key>")` : '  Admin key    one of ADMIN_API_KEYS',
  ];
  if (redis) lines.push(`  Redis        ${redis.url}, started for this service (data in ${redis.dir})`);
  if (warnings.length > 0) lines.push('', 'Development mode:', ...warnings.map((warning) => `  - ${warning}`));
  lines.push('', 'Request outcomes follow, one line each (LOG_FORMAT=json shows the whole JSON log instead).', '');
  return lines.join('\n');
}

/**
 * What a person sees of one line of an app's JSON log, or undefined for nothing. `bannered` holds the
 * warnings the banner already says, which the apps also log.
 */
function textLine(app, line, bannered = new Set()) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return line.trim() ? line : undefined;
  }
  if (record.message === 'request finished') return outcome(record);
  if (record.level === 'warn' && bannered.has(record.message)) return undefined;
  if (record.level === 'warn' || record.level === 'error') return `${time(record)}  ${record.level.padEnd(6)}  ${app}: ${record.message}${fields(record)}`;
  return undefined;
}

function outcome(record) {
  const who = record.user ? `${record.user} on ${record.device}` : record.device;
  const failure = record.status === 'failed' ? `  ${record.code} at ${record.step}: ${record.error}` : '';
  const status = record.status === 'succeeded' ? 'ok' : 'FAILED';
  return `${time(record)}  ${status.padEnd(6)}  ${String(record.flow).padEnd(16)}  ${who}  (${record.seconds} s, request ${record.requestId})${failure}`;
}

const HIDDEN = new Set(['level', 'message', 'timestamp', 'service', 'pid', 'context', 'trace']);

function fields(record) {
  const shown = Object.entries(record).filter(([name, value]) => !HIDDEN.has(name) && value !== null && typeof value !== 'object');
  return shown.length ? `  ${shown.map(([name, value]) => `${name}=${value}`).join(' ')}` : '';
}

function time(record) {
  const at = new Date(record.timestamp ?? Date.now());
  return Number.isNaN(at.getTime()) ? '--:--:--' : at.toTimeString().slice(0, 8);
}

module.exports = { banner, textLine };
