import type { ManagementReport } from './mde2/management-phase';
import { SIMULATED_FLOWS, SimulationReport } from './simulation.types';

/** The report as a few aligned lines for a terminal. */
export function formatReport(report: SimulationReport): string {
  const rows = [
    ['flow', 'completed', 'failed'],
    ...SIMULATED_FLOWS.map((flow) => [flow, String(report.byFlow[flow].completed), String(report.byFlow[flow].failed)]),
    ['total', String(report.completed), String(report.failed)],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map(([flow, completed, failed]) => `  ${flow.padEnd(widths[0])}  ${completed.padStart(widths[1])}  ${failed.padStart(widths[2])}`);
  const { latencyMs: l } = report;
  const lines = [
    ...table,
    '',
    `  duration ${(report.durationMs / 1000).toFixed(1)} s, throughput ${report.throughputPerSecond} completed/s`,
    `  latency (POST sent to completion seen, ms): p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}  mean ${l.mean}  (${l.count} requests)`,
  ];
  if (report.pacing) {
    const { targetPerSecond, achievedPerSecond, heldBackByConcurrency } = report.pacing;
    lines.push(
      `  pacing: ${targetPerSecond}/s asked, ${achievedPerSecond}/s sent` +
        (heldBackByConcurrency > 0 ? `; the concurrency cap held back ${heldBackByConcurrency} sends` : ''),
    );
  }
  const extras = [
    report.rateLimited ? `${report.rateLimited} answers 429, sent again after Retry-After` : '',
    report.checkedAfterTimeout ? `${report.checkedAfterTimeout} requests read back after the timeout` : '',
    report.streamReconnects ? `the event stream was reopened ${report.streamReconnects} times` : '',
  ].filter(Boolean);
  if (extras.length > 0) lines.push(`  ${extras.join('; ')}`);
  if (report.management) lines.push(...managementLines(report.management));
  if (report.failures.length > 0) {
    lines.push('', `  first failures (${report.failures.length} of ${report.failed}):`);
    for (const failure of report.failures) {
      const status = failure.status ? `${failure.status} ` : '';
      const request = failure.requestId ? ` [${failure.requestId}]` : '';
      lines.push(`    ${failure.flow}: ${status}${failure.code} ${failure.message}${request}`);
    }
  }
  return lines.join('\n');
}

function managementLines(management: ManagementReport): string[] {
  const { latencyMs: l } = management;
  const lines = [
    '',
    `  management: ${management.completed} of ${management.sessions} sessions completed by ${management.devices} devices in ${(management.durationMs / 1000).toFixed(1)} s, ` +
      `${management.sessionsPerSecond} sessions/s`,
    `  session latency (package 1 sent to session ended, ms): p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}`,
    `  server commands carried out ${management.commandsExecuted}, reboots ${management.reboots}, unenrolled ${management.unenrolled}`,
  ];
  for (const failure of management.failures) {
    const why = [failure.detail, ...failure.problems].filter(Boolean).join('; ');
    lines.push(`    session ${failure.sessionId} of ${failure.deviceId}: ${failure.ended}${why ? ` (${why})` : ''}`);
  }
  return lines;
}
