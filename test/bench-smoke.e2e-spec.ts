import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const NUMBER = /^-?\d[\d,]*(\.\d+)?$/;

/** Every figure a report must have, by a part of its label. */
const EXPECTED_ROWS: Array<[string, RegExp]> = [
  ['product signing', /^Device certificates signed by the product/],
  ['end-to-end throughput', /^End-to-end enrollments\/s over HTTP, both flows/],
  ['p50 latency', /^p50 POST → completed at 100 requests\/s/],
  ['p99 latency', /^p99 POST → completed at 100 requests\/s/],
  ['bulk wave', /^Bulk wave of [\d,]+ devices/],
  ['Redis memory per device', /^Redis memory per enrolled device/],
  ['empty directory', /^End-to-end enrollments\/s, empty directory/],
  ['seeded directory', /^End-to-end enrollments\/s, [\d,]+ devices seeded in the directory/],
  ['native RSA sign', /^Native RSA-2048 sign, node:crypto loop/],
  ['openssl speed', /^`openssl speed -seconds \d+ rsa2048`, sign\/s/],
  ['bare pipeline', /^Bare pipeline enrollments\/s/],
  ['node-forge signing', /^Device certificates signed by node-forge's cert.sign/],
  ['product ÷ limit', /^Product ÷ limit/],
  ['product ÷ naive', /^Product ÷ naive/],
  ['end-to-end ÷ forge', /^End-to-end enrollments\/s ÷ node-forge/],
  ['populated ÷ empty', /^Throughput with the seeded directory ÷ with an empty one/],
  ['JSON bulk throughput', /^JSON bulk enrollments\/s end to end/],
  ['MS-MDE2 throughput', /^MS-MDE2 enrollments\/s end to end/],
  ['MS-MDE2 ÷ JSON bulk', /^MS-MDE2 ÷ JSON bulk/],
  ['management sessions, empty', /^Management sessions\/s, empty command list/],
  ['management sessions, one Get', /^Management sessions\/s, one admin Get each/],
  ['JSON Workplace Join throughput', /^JSON Workplace Joins\/s end to end/],
  ['MS-DVRJ throughput', /^MS-DVRJ registrations\/s end to end/],
  ['MS-DVRJ ÷ JSON Workplace Join', /^MS-DVRJ ÷ JSON Workplace Join/],
];

const EXPECTED_TARGETS = [
  'End-to-end throughput',
  'Product against the bare pipeline of the same run',
  'p99 POST → completed at 100 requests/s',
  '10,000-device bulk wave',
  'Redis memory per enrolled device',
  'Throughput with 100,000 devices in the directory',
  'MS-MDE2 enrollment against JSON bulk enrollment of the same run',
];

/** The cells of the table under `heading`, one array per row, header and rule left out. */
function tableUnder(markdown: string, heading: string): string[][] {
  const section = markdown.split(`\n${heading}\n`)[1];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into an array may be absent (the tsconfig has no noUncheckedIndexedAccess)
  if (section === undefined) throw new Error(`no ${heading} section`);
  const lines = section.trimStart().split('\n');
  const table = lines.slice(
    0,
    lines.findIndex((line) => !line.startsWith('|')),
  );
  return table.slice(2).map((line) =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((cell) => cell.trim()),
  );
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'main.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const out = join(dir, 'report.md');
  const benchmarksMd = join(ROOT, 'BENCHMARKS.md');
  const before = existsSync(benchmarksMd) ? statSync(benchmarksMd).mtimeMs : undefined;
  let result: { code: number | null; output: string };
  let markdown: string;

  beforeAll(async () => {
    result = await run(['--smoke', '--out', out]);
    markdown = existsSync(out) ? readFileSync(out, 'utf8') : '';
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every measurement without a failure and leaves BENCHMARKS.md alone', () => {
    expect({ code: result.code, failed: markdown.includes('## Failed measurements') }).toEqual({ code: 0, failed: false });
    expect(markdown).toContain('**Smoke run**');
    expect(existsSync(benchmarksMd) ? statSync(benchmarksMd).mtimeMs : undefined).toBe(before);
  });

  it('names the machine and the versions', () => {
    expect(markdown).toMatch(/\n## Machine\n\n- CPU: .+, \d+ cores\n- RAM: [\d.,]+ [GM]iB\n/);
    for (const name of ['node', 'redis-server', 'openssl', 'bullmq', 'node-forge']) {
      expect(markdown).toMatch(new RegExp(`\\n- ${name}: v?\\d+\\.\\d+`));
    }
    expect(markdown).toContain('\n## Commands\n');
    expect(markdown).toContain('`openssl speed -seconds 1 rsa2048`');
  });

  it.each(EXPECTED_ROWS)('has the %s figure with a number', (_, label) => {
    const rows = tableUnder(markdown, '## Results').filter((cells) => label.test(cells[1]));
    expect(rows).toHaveLength(1);
    expect(rows[0][2]).toMatch(NUMBER);
  });

  it('compares at least two process layouts', () => {
    const layouts = tableUnder(markdown, '## Results').filter((cells) => /^Layout \d+\+\d+x\d+:/.test(cells[1]));
    expect(layouts.length).toBeGreaterThanOrEqual(2);
    for (const cells of layouts) expect(cells[2]).toMatch(NUMBER);
  });

  it('gives every target a measured value and a met/missed verdict', () => {
    const targets = tableUnder(markdown, '## Targets');
    expect(targets.map((cells) => cells[0])).toEqual(EXPECTED_TARGETS);
    for (const [, , measured, verdict] of targets) {
      expect(measured).toMatch(/^-?\d[\d,]*(\.\d+)? \S+/);
      expect(verdict).toMatch(/^(met|missed)$/);
    }
    expect(markdown).toContain('\n## What holds the product back\n');
  });

  it('prints the same tables on stdout', () => {
    expect(result.output).toContain('| Target ');
    expect(result.output).toContain('| The product ');
  });
});
