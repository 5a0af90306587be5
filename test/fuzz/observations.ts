import { DraftKind } from './body';
import { WirePlan, WireResult } from './wire';

/** What is wrong with an exchange. The first three fail the run; the others are reported. */
export type ProblemKind = '5xx' | 'slow' | 'leak' | 'no answer' | 'contract' | 'stranger heard';
export const FAILING: ProblemKind[] = ['5xx', 'slow', 'leak', 'stranger heard'];

/** Everything needed to send one input again, and what came back. */
export interface Example {
  replay: string;
  endpoint: string;
  input: string;
  kind: DraftKind;
  framing: string;
  request: string;
  requestBytes: number;
  status: string;
  response: string;
  ms: number;
}

export interface Finding {
  kind: ProblemKind;
  detail: string;
  count: number;
  endpoints: Set<string>;
  example: Example;
}

export interface RowStats {
  inputs: number;
  kinds: Record<DraftKind, number>;
  classes: Record<string, number>;
  statuses: Map<number, number>;
  slowestMs: number;
}

export interface Accepted {
  requestId: string;
  replay: string;
  endpoint: string;
  input: string;
}

const PREVIEW_HEAD = 1500;
const PREVIEW_BODY = 400;

/** Printable text of request or response bytes: long runs folded, control bytes escaped. */
export function preview(bytes: Buffer | string, limit: number): string {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('latin1'))
    .replace(/(.)\1{39,}/gs, (run, char: string) => `${char}…(${run.length}×)`)
    // eslint-disable-next-line no-control-regex -- control characters are what it escapes
    .replace(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > limit ? `${text.slice(0, limit)}…(${text.length} chars)` : text;
}

/** The request as it went on the wire: its head whole (long runs folded), the start of its body. */
export function wirePreview(plan: WirePlan): string {
  const bytes = plan.cutAt === undefined ? plan.bytes : plan.bytes.subarray(0, plan.cutAt);
  const headEnd = bytes.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? bytes : bytes.subarray(0, headEnd + 4);
  const body = headEnd === -1 ? Buffer.alloc(0) : bytes.subarray(headEnd + 4);
  const cut = plan.cutAt === undefined ? '' : ` [connection reset after ${plan.cutAt} of ${plan.bytes.length} bytes]`;
  const end = plan.endAfterWrite ? ' [then end of stream]' : '';
  return `${preview(head, PREVIEW_HEAD)}${preview(body, PREVIEW_BODY)}${cut}${end}`;
}

/** Counts of every exchange of the run, the findings (first example of each), and the accepted requests. */
export class Observations {
  readonly rows = new Map<string, RowStats>();
  readonly statuses = new Map<number, number>();
  readonly outcomes = new Map<string, number>();
  readonly findings = new Map<string, Finding>();
  readonly accepted: Accepted[] = [];
  slowest?: Example;
  exchanges = 0;

  record(
    endpoint: string,
    kind: DraftKind,
    result: WireResult,
    problems: Array<{ kind: ProblemKind; detail: string; groupBy: string }>,
    requestBytes: number,
    example: () => Example,
  ): void {
    this.exchanges++;
    const row = this.row(endpoint);
    row.inputs++;
    row.kinds[kind]++;
    this.outcomes.set(result.outcome, (this.outcomes.get(result.outcome) ?? 0) + 1);
    if (result.responses.length === 0) row.classes[result.outcome === 'aborted' ? 'aborted' : 'none']++;
    for (const response of result.responses) {
      const statusClass = `${Math.floor(response.status / 100)}xx`;
      row.classes[statusClass] = (row.classes[statusClass] ?? 0) + 1;
      row.statuses.set(response.status, (row.statuses.get(response.status) ?? 0) + 1);
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    }
    row.slowestMs = Math.max(row.slowestMs, result.ms);
    if (!this.slowest || result.ms > this.slowest.ms) this.slowest = example();
    for (const problem of problems) {
      const key = `${problem.kind}|${problem.groupBy}`;
      const finding = this.findings.get(key);
      if (finding) {
        finding.count++;
        finding.endpoints.add(endpoint);
        // The shortest request that shows it is the easiest to read and to replay.
        if (requestBytes < finding.example.requestBytes) finding.example = example();
      } else {
        this.findings.set(key, { kind: problem.kind, detail: problem.detail, count: 1, endpoints: new Set([endpoint]), example: example() });
      }
    }
  }

  count(kind: ProblemKind): number {
    let total = 0;
    for (const finding of this.findings.values()) if (finding.kind === kind) total += finding.count;
    return total;
  }

  private row(endpoint: string): RowStats {
    let row = this.rows.get(endpoint);
    if (!row) {
      row = {
        inputs: 0,
        kinds: { valid: 0, 'hostile-field': 0, garbage: 0 },
        classes: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0, aborted: 0 },
        statuses: new Map(),
        slowestMs: 0,
      };
      this.rows.set(endpoint, row);
    }
    return row;
  }
}
