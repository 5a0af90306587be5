import { summarizeLatencies } from '../latency';
import type { Clock } from '../pacer';
import type { LatencySummary } from '../simulation.types';
import type { DmEnrollment } from './dm-enrollment';
import type { DmSessionOptions, DmSessionTranscript } from './dm-session.types';
import type { WindowsDmClient } from './management-client';

const MAX_FAILURES = 20;

/** What an enrolled Windows device keeps to be managed afterwards: its enrollment, its key (PEM) and its name. */
export interface ManagedWindowsDevice {
  enrollment: DmEnrollment;
  privateKeyPem: string;
  deviceName: string;
}

/** Management sessions of a run: how many, how fast, and what went wrong in the first failed ones. */
export interface ManagementReport {
  devices: number;
  sessions: number;
  completed: number;
  failed: number;
  /** First session opened → last session ended. */
  durationMs: number;
  /** Completed sessions per second over `durationMs`. */
  sessionsPerSecond: number;
  /** Package 1 sent → session ended, per completed session. */
  latencyMs: LatencySummary;
  /** Server commands carried out over all sessions (Status 2xx or not). */
  commandsExecuted: number;
  reboots: number;
  unenrolled: number;
  failures: Array<{ deviceId: string; sessionId: string; ended: DmSessionTranscript['ended']; detail?: string; problems: string[] }>;
}

/**
 * Each device opens `sessionsEach` sessions one after the other, `concurrency` devices at a time. A
 * session counts as completed when it ended as asked (Final, or the abort or unenrollment it was told
 * to make) and the server answered every command with a correctly addressed Status.
 */
export async function runManagementSessions(
  devices: readonly WindowsDmClient[],
  sessionsEach: number,
  options: { concurrency: number; clock: Clock; session?: DmSessionOptions },
): Promise<ManagementReport> {
  const { clock } = options;
  const latencies: number[] = [];
  const report: ManagementReport = {
    devices: devices.length,
    sessions: 0,
    completed: 0,
    failed: 0,
    durationMs: 0,
    sessionsPerSecond: 0,
    latencyMs: summarizeLatencies([]),
    commandsExecuted: 0,
    reboots: 0,
    unenrolled: 0,
    failures: [],
  };
  const expectedEnd: DmSessionTranscript['ended'] = options.session?.unenroll ? 'unenrolled' : options.session?.abortAtMessage ? 'aborted' : 'final';
  let next = 0;
  const startedAt = clock.now();
  const worker = async () => {
    for (let index = next++; index < devices.length; index = next++) {
      const device = devices[index];
      for (let round = 0; round < sessionsEach && !device.unenrolled; round++) {
        const began = clock.now();
        const transcript = await device.session(options.session);
        report.sessions++;
        report.commandsExecuted += transcript.executed.length;
        report.reboots += transcript.reboots;
        if (transcript.ended === expectedEnd && transcript.problems.length === 0) {
          report.completed++;
          latencies.push(clock.now() - began);
        } else {
          report.failed++;
          if (report.failures.length < MAX_FAILURES) {
            const { sessionId, ended, detail, problems } = transcript;
            report.failures.push({ deviceId: device.enrollment.deviceId, sessionId, ended, ...(detail && { detail }), problems });
          }
        }
      }
      if (device.unenrolled) report.unenrolled++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, devices.length)) }, worker));
  report.durationMs = Math.round(clock.now() - startedAt);
  report.sessionsPerSecond = report.durationMs > 0 ? Math.round((report.completed / report.durationMs) * 10000) / 10 : 0;
  report.latencyMs = summarizeLatencies(latencies);
  return report;
}
