import fc from 'fast-check';
import { EndpointRow, Input } from './endpoints';
import { FuzzContext } from './fixtures';
import { Draft, Framing, framingArbitrary, Header, PLAIN } from './framing';
import { Example, Observations, preview, ProblemKind, wirePreview } from './observations';
import { exchange, WirePlan, WireResponse, WireResult } from './wire';

export interface RunSettings {
  seed: number;
  /** Inputs in all, shared among the rows by weight. */
  runs: number;
  concurrency: number;
  slowMs: number;
  timeoutMs: number;
  /** `row name` or `row name#index` entries: only these cases run (a replay). */
  only?: string[];
}

export interface FuzzCase {
  row: EndpointRow;
  index: number;
}

/** 32-bit FNV-1a of the text, as a fast-check seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Each case has its own seed, so one case replays alone, whatever the run's size. */
export const caseSeed = (seed: number, row: string, index: number): number => hash(`${seed}:${row}:${index}`);

export const replayOf = (seed: number, fuzzCase: FuzzCase): string => `FUZZ_SEED=${seed} FUZZ_ONLY='${fuzzCase.row.name}#${fuzzCase.index}'`;

/**
 * The cases of a run: each row gets its share of `runs` by weight (at least one), interleaved in an order
 * fixed by the seed so that slow and fast endpoints mix.
 */
export function planCases(rows: EndpointRow[], settings: RunSettings): FuzzCase[] {
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0);
  let cases: FuzzCase[] = rows.flatMap((row) =>
    Array.from({ length: Math.max(1, Math.round((settings.runs * row.weight) / totalWeight)) }, (_, index) => ({ row, index })),
  );
  if (settings.only?.length) {
    cases = settings.only.flatMap((entry) => {
      const [name, index] = entry.split('#') as [string, string?];
      const row = rows.find((candidate) => candidate.name === name);
      if (!row) throw new Error(`FUZZ_ONLY: no endpoint row named ${JSON.stringify(name)}`);
      return index === undefined ? cases.filter((each) => each.row === row) : [{ row, index: Number(index) }];
    });
  }
  const order = fc.sample(
    fc.shuffledSubarray(
      cases.map((_, i) => i),
      { minLength: cases.length },
    ),
    { seed: settings.seed, numRuns: 1 },
  )[0];
  return order.map((i) => cases[i]);
}

/** Generates case `index` of a row: the input and how it is framed on the wire. */
export function generate(row: EndpointRow, arbitrary: fc.Arbitrary<Input>, seed: number, index: number): { input: Input; framing: Framing } {
  const [input, framing] = fc.sample(fc.tuple(arbitrary, framingArbitrary), { seed: caseSeed(seed, row.name, index), numRuns: 1 })[0];
  return { input, framing: row.stream && framing.label.startsWith('client abort') ? PLAIN : framing };
}

function draftOf(input: Input): Draft {
  const headers: Header[] = [];
  if (input.authorization !== undefined) headers.push(['Authorization', input.authorization]);
  if (input.body) headers.push(['Content-Type', input.body.contentType]);
  headers.push(...(input.headers ?? []));
  if (input.late) headers.push(...input.late(input.body?.bytes ?? Buffer.alloc(0)));
  return { method: input.method, target: input.target, headers, body: input.body?.bytes };
}

/** A SOAP fault the service meant: well formed (checked by the row) and not its own internal failure. */
function isSoapAnswer(body: string): boolean {
  return /<(\w+:)?Fault[\s>]/.test(body) && !body.includes('InternalServiceFault');
}

const LEAKS = [/root:x:0:0/, /"name":\s*"enrollment-orchestrator"/, /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/, /"privateJwk"/];

/**
 * A caller without a valid device certificate is never answered as the device; on a row with `refusals`,
 * a plainly framed request is refused with one of them (other framings may be refused for themselves).
 */
function strangerHeard(row: EndpointRow, response: WireResponse, framing: Framing): string | undefined {
  if (response.status === 0 || (response.body === '' && !('content-type' in response.headers) && response.status >= 400)) return undefined;
  if (response.status < 400) return `answered ${response.status}`;
  if (row.refusals && framing === PLAIN && !row.refusals.has(response.status)) return `refused with ${response.status}`;
  return undefined;
}

/** What is wrong with one exchange, each with the key its finding is grouped by. */
function problemsOf(row: EndpointRow, input: Input, framing: Framing, result: WireResult, settings: RunSettings) {
  const problems: Array<{ kind: ProblemKind; detail: string; groupBy: string }> = [];
  // A 5xx caused by how the request was framed is one bug whatever the endpoint; one caused by the input is the endpoint's.
  const cause = framing === PLAIN ? `${row.name} · ${input.label.replace(/:.*/, '')}` : framing.label;
  for (const response of result.responses) {
    if (response.status >= 500 && !(row.soap && isSoapAnswer(response.body))) {
      const code = /"code":"([A-Z0-9_]+)"/.exec(response.body)?.[1] ?? response.body.slice(0, 40);
      problems.push({ kind: '5xx', detail: `${response.status} ${code} · ${cause}`, groupBy: `${response.status}|${code}|${cause}` });
    }
    const broken = row.check?.(response, { method: input.method, bodyBytes: input.body?.bytes.length ?? 0 });
    if (broken) problems.push({ kind: 'contract', detail: broken, groupBy: broken });
    const heard = input.unauthenticated && strangerHeard(row, response, framing);
    if (heard)
      problems.push({
        kind: 'stranger heard',
        detail: `${heard} · ${row.name} · ${input.unauthenticated}`,
        groupBy: `${heard}|${row.name}|${input.unauthenticated}`,
      });
    if (LEAKS.some((leak) => leak.test(response.body)))
      problems.push({ kind: 'leak', detail: `${row.name} answered with file or key contents`, groupBy: row.name });
  }
  if (result.outcome === 'timeout' || result.ms > settings.slowMs) {
    problems.push({
      kind: 'slow',
      detail: `${result.outcome === 'timeout' ? 'no answer in time' : 'slower than the limit'} · ${cause}`,
      groupBy: `${result.outcome}|${cause}`,
    });
  }
  if (result.outcome === 'no-response' || result.outcome === 'connection-error') {
    problems.push({
      kind: 'no answer',
      detail: `${result.outcome}${result.error ? ` (${result.error})` : ''} · ${framing.label}`,
      groupBy: `${result.outcome}|${framing.label}`,
    });
  }
  return problems;
}

/** Sends the cases against the service with `concurrency` connections at a time, recording every exchange. */
export async function runCases(
  cases: FuzzCase[],
  ctx: FuzzContext,
  port: number,
  settings: RunSettings,
  observations: Observations,
  options: { stopped: () => boolean; progress?: (done: number) => void },
): Promise<void> {
  const arbitraries = new Map<EndpointRow, fc.Arbitrary<Input>>();
  const host = `127.0.0.1:${port}`;
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < cases.length && !options.stopped()) {
      const fuzzCase = cases[next++];
      const { row, index } = fuzzCase;
      if (!arbitraries.has(row)) arbitraries.set(row, row.inputs(ctx));
      const { input, framing } = generate(row, arbitraries.get(row)!, settings.seed, index);
      const plan: WirePlan = framing.frame(draftOf(input), host);
      const result = await exchange(port, plan, { timeoutMs: settings.timeoutMs, stream: row.stream, localAddress: input.from });
      const example = (): Example => ({
        replay: replayOf(settings.seed, fuzzCase),
        endpoint: row.name,
        input: input.label,
        kind: input.kind,
        framing: framing.label,
        request: wirePreview(plan),
        requestBytes: plan.bytes.length,
        status: result.responses.map((response) => response.status).join(', ') || result.outcome,
        response: result.responses.map((response) => preview(response.body, 600)).join(' | '),
        ms: Math.round(result.ms),
      });
      observations.record(row.name, input.kind, result, problemsOf(row, input, framing, result, settings), plan.bytes.length, example);
      for (const response of result.responses) {
        const requestId = response.status === 202 ? /"requestId":"([0-9a-f-]{36})"/.exec(response.body)?.[1] : undefined;
        if (requestId) observations.accepted.push({ requestId, replay: replayOf(settings.seed, fuzzCase), endpoint: row.name, input: input.label });
      }
      options.progress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, lane));
}
