import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateCheck, Settled } from './invariants';
import { FAILING, Finding, Observations } from './observations';

export interface Verdict {
  name: string;
  value: string;
  ok: boolean;
  /** Reported only: shown in the table, never fails the run. */
  reported?: boolean;
}

export interface RunSummary {
  seed: number;
  runs: number;
  concurrency: number;
  durationMs: number;
  observations: Observations;
  exits: string[];
  settled?: Settled;
  state?: StateCheck[];
  /** Error lines the apps logged during the run: the orchestrator's "request failed" (5xx) and any worker error. */
  logErrors: Map<string, number>;
}

const cell = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (header: string[], rows: Array<Array<string | number>>) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');

/** What the run asserts, each with its value: the same list fails the test and heads the report. */
export function verdicts(summary: RunSummary): Verdict[] {
  const { observations, settled, state } = summary;
  const list: Verdict[] = [
    { name: 'responses 5xx', value: String(observations.count('5xx')), ok: observations.count('5xx') === 0 },
    {
      name: '5xx logged by the orchestrator (incl. on aborted connections)',
      value: String(sum(summary.logErrors, /request failed/)),
      ok: sum(summary.logErrors, /request failed/) === 0,
    },
    { name: 'process exits', value: summary.exits.length ? summary.exits.join('; ') : '0', ok: summary.exits.length === 0 },
    { name: 'requests slower than the limit (or unanswered in time)', value: String(observations.count('slow')), ok: observations.count('slow') === 0 },
    { name: 'answers leaking files or keys', value: String(observations.count('leak')), ok: observations.count('leak') === 0 },
    {
      name: 'callers without a valid device certificate answered, or refused other than 401/403',
      value: String(observations.count('stranger heard')),
      ok: observations.count('stranger heard') === 0,
    },
    { name: 'answers breaking the API contract', value: String(observations.count('contract')), ok: true, reported: true },
    { name: 'connections closed without an answer', value: String(observations.count('no answer')), ok: true, reported: true },
  ];
  if (settled) {
    list.push(
      {
        name: 'accepted (202) requests not terminal at the deadline',
        value: `${settled.pending.length} of ${settled.terminal + settled.pending.length}`,
        ok: settled.pending.length === 0,
      },
      {
        name: 'requests failed with an unexpected error (INTERNAL_ERROR, JOB_STALLED…)',
        value: String(settled.internal.length),
        ok: settled.internal.length === 0,
      },
    );
  }
  for (const check of state ?? []) {
    list.push({
      name: check.name,
      value: check.problems.length ? `${check.problems.length} broken` : 'holds',
      ok: !check.failing || check.problems.length === 0,
      reported: !check.failing,
    });
  }
  return list;
}

function sum(counts: Map<string, number>, pattern: RegExp): number {
  let total = 0;
  for (const [line, count] of counts) if (pattern.test(line)) total += count;
  return total;
}

function findingSection(findings: Finding[]): string {
  if (findings.length === 0) return '_none_';
  return findings
    .map((finding, i) =>
      [
        `**${i + 1}. [${finding.kind}] ${finding.detail}** — ${finding.count}× on ${finding.endpoints.size} endpoint(s): ${[...finding.endpoints].slice(0, 6).join(', ')}${finding.endpoints.size > 6 ? ', …' : ''}`,
        `- input: ${finding.example.input} (${finding.example.kind}); framing: ${finding.example.framing}`,
        `- answer: ${finding.example.status} in ${finding.example.ms} ms: \`${finding.example.response.slice(0, 300)}\``,
        `- replay: \`${finding.example.replay} npx jest test/fuzz.e2e-spec.ts\``,
        '- request on the wire:',
        '```',
        finding.example.request,
        '```',
      ].join('\n'),
    )
    .join('\n\n');
}

/** Unexpected failures of accepted requests, one entry per endpoint and error (ids folded), with a replay of the first. */
function unexpectedSection(settled: Settled): string {
  const groups = new Map<string, { count: number; first: Settled['internal'][number] }>();
  for (const each of settled.internal) {
    const error = JSON.stringify(each.error).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
    const key = `${each.endpoint} ${error}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, first: each });
  }
  return [...groups]
    .map(
      ([key, { count, first }], i) =>
        `**${i + 1}. [unexpected failure] ${key}** — ${count}×\n- input: ${first.input}\n- replay: \`${first.replay} npx jest test/fuzz.e2e-spec.ts\``,
    )
    .join('\n\n');
}

/** The report as Markdown: verdicts, inputs and answers by endpoint, status codes, findings with their reproductions. */
export function renderReport(summary: RunSummary): string {
  const { observations, settled, state } = summary;
  const rows = [...observations.rows].sort(([a], [b]) => a.localeCompare(b));
  const statusList = (statuses: Map<number, number>) =>
    [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  const findings = [...observations.findings.values()].sort((a, b) => Number(FAILING.includes(b.kind)) - Number(FAILING.includes(a.kind)) || b.count - a.count);
  const out = [
    `# Fuzz report`,
    '',
    `seed **${summary.seed}** · ${observations.exchanges} inputs (asked for ${summary.runs}) · concurrency ${summary.concurrency} · ${(summary.durationMs / 1000).toFixed(1)} s`,
    `replay: \`FUZZ_SEED=${summary.seed} FUZZ_RUNS=${summary.runs} npx jest test/fuzz.e2e-spec.ts\``,
    '',
    table(
      ['check', 'value', 'verdict'],
      verdicts(summary).map((verdict) => [verdict.name, verdict.value, verdict.reported ? 'reported' : verdict.ok ? 'ok' : 'FAIL']),
    ),
    '',
    '## Inputs and answers by endpoint',
    '',
    table(
      ['endpoint', 'inputs', 'valid', 'hostile field', 'garbage', '2xx', '3xx', '4xx', '5xx', 'no answer', 'client abort', 'slowest ms', 'status codes'],
      [
        ...rows.map(([name, row]) => [
          name,
          row.inputs,
          row.kinds.valid,
          row.kinds['hostile-field'],
          row.kinds.garbage,
          row.classes['2xx'] ?? 0,
          row.classes['3xx'] ?? 0,
          row.classes['4xx'] ?? 0,
          row.classes['5xx'] ?? 0,
          row.classes.none,
          row.classes.aborted,
          Math.round(row.slowestMs),
          statusList(row.statuses),
        ]),
        [
          '**all**',
          observations.exchanges,
          ...(['valid', 'hostile-field', 'garbage'] as const).map((kind) => rows.reduce((total, [, row]) => total + row.kinds[kind], 0)),
          ...['2xx', '3xx', '4xx', '5xx', 'none', 'aborted'].map((key) => rows.reduce((total, [, row]) => total + (row.classes[key] ?? 0), 0)),
          Math.round(observations.slowest?.ms ?? 0),
          statusList(observations.statuses),
        ],
      ],
    ),
    '',
    `slowest: ${observations.slowest ? `${observations.slowest.ms} ms, ${observations.slowest.endpoint} (${observations.slowest.input}; ${observations.slowest.framing}) → ${observations.slowest.status}` : '—'}`,
  ];
  if (settled) {
    out.push(
      '',
      '## Accepted requests',
      '',
      table(
        ['outcome', 'requests'],
        [...settled.byOutcome].sort(([, a], [, b]) => b - a),
      ),
    );
    for (const each of settled.pending.slice(0, 20))
      out.push(`- not terminal: ${each.requestId} (${each.status}) from ${each.endpoint}, ${each.input}; \`${each.replay}\``);
    for (const each of settled.internal.slice(0, 20))
      out.push(`- unexpected failure: ${each.requestId} ${JSON.stringify(each.error)} from ${each.endpoint}, ${each.input}; \`${each.replay}\``);
  }
  if (state) {
    out.push(
      '',
      '## State after the run',
      '',
      table(
        ['check', 'result', 'asserted'],
        state.map((check) => [
          check.name,
          check.problems.length ? `${check.problems.length} broken: ${check.problems.slice(0, 5).join('; ')}` : 'holds',
          check.failing ? 'yes' : 'reported',
        ]),
      ),
    );
  }
  if (summary.logErrors.size) {
    out.push('', "## Error lines in the apps' logs", '', table(['line', 'count'], [...summary.logErrors].sort(([, a], [, b]) => b - a).slice(0, 40)));
  }
  out.push('', '## Findings', '', findingSection(findings), '');
  if (settled?.internal.length) out.push('## Accepted requests that failed with an unexpected error', '', unexpectedSection(settled), '');
  return out.join('\n');
}

export function writeReport(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
