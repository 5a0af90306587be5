import { summarizeLatencies } from './latency';
import { SIMULATED_FLOWS, SimulatedFlow, SimulationReport } from './simulation.types';

const MAX_FAILURES = 20;

export type Failure = SimulationReport['failures'][number];

/** Counts of a run as it goes: completions with their latency, failures with the first few reasons. */
export class OutcomeTally {
  readonly byFlow = Object.fromEntries(SIMULATED_FLOWS.map((flow) => [flow, { completed: 0, failed: 0 }])) as SimulationReport['byFlow'];
  readonly failures: Failure[] = [];
  readonly latencies: number[] = [];
  completed = 0;
  failed = 0;
  /** Clock time of the last completion or failure seen. */
  lastAt?: number;

  constructor(readonly total: number) {}

  get finished(): number {
    return this.completed + this.failed;
  }

  complete(flow: SimulatedFlow, latencyMs: number, at: number): void {
    this.completed++;
    this.byFlow[flow].completed++;
    this.latencies.push(Math.max(0, latencyMs));
    this.lastAt = at;
  }

  fail(failure: Failure, at: number): void {
    this.failed++;
    this.byFlow[failure.flow].failed++;
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
    this.lastAt = at;
  }

  /** The report, for a run whose first POST went out at `firstSentAt` (clock time). */
  report(firstSentAt: number | undefined): SimulationReport {
    const durationMs = firstSentAt !== undefined && this.lastAt !== undefined ? Math.max(0, this.lastAt - firstSentAt) : 0;
    return {
      total: this.total,
      completed: this.completed,
      failed: this.failed,
      byFlow: this.byFlow,
      failures: this.failures,
      latencyMs: summarizeLatencies(this.latencies),
      durationMs: Math.round(durationMs),
      throughputPerSecond: durationMs > 0 ? Math.round((this.completed / durationMs) * 10000) / 10 : 0,
    };
  }
}
