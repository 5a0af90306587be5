import { mkdirSync, writeFileSync } from 'node:fs';
import { BenchContext } from './bench-context';
import { BenchOptions } from './cli/bench-options';
import { describeLayout, formatLayout } from './cli/layout';
import { SERVICE_ENV } from './harness/service-under-test';
import { machineInfo } from './machine/machine-info';
import { Measurement } from './measurements/measurement';
import { BenchRow } from './report/bench-row';
import { renderReport } from './report/benchmarks-report';
import { deriveRatios } from './report/ratios';
import { resultsTable, targetsTable } from './report/results-tables';
import { evaluateTargets } from './report/targets';

/** Runs the selected measurements one after the other, then prints the tables and writes the report. */
export async function runBench(options: BenchOptions, measurements: readonly Measurement[]): Promise<number> {
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const machine = machineInfo();
  if (machine.loadAtStart > 0.5) log(`warning: load average ${machine.loadAtStart.toFixed(2)} at start; figures will be low`);
  const selected = measurements.filter((measurement) => !options.only || options.only.includes(measurement.name));
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const context = new BenchContext({ smoke: options.smoke, sizes: options.sizes, layout: options.layout, profileDir: options.profileDir }, log);
  const startedAt = new Date();
  const rows: BenchRow[] = [];
  const args = options.argv.length > 0 ? ` ${options.argv.join(' ')}` : '';
  // `npm run bench` builds every app first, then runs this bundle
  const commands =
    process.env.npm_lifecycle_event === 'bench'
      ? [`npm run bench${args ? ` --${args}` : ''}`, `node dist/bench/main.js${args}`]
      : [`node dist/bench/main.js${args}`];
  const observations: Array<{ title: string; text: string }> = [];
  const failures: Array<{ title: string; message: string }> = [];
  try {
    for (const measurement of selected) {
      log(`${measurement.title}…`);
      const began = Date.now();
      try {
        const outcome = await measurement.run(context);
        rows.push(...outcome.rows);
        commands.push(...(outcome.commands ?? []).filter((command) => !commands.includes(command)));
        observations.push(...(outcome.observations ?? []).map((text) => ({ title: measurement.title, text })));
        log(`${measurement.title}: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ title: measurement.title, message: message.split('\n')[0] });
        log(`${measurement.title} FAILED: ${(error as Error).stack ?? message}`);
      }
    }
  } finally {
    await context.close();
  }
  rows.push(...deriveRatios(rows));
  const targets = evaluateTargets(rows);
  const report = renderReport({
    smoke: options.smoke,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    machine,
    commands,
    serviceEnv: { ...SERVICE_ENV },
    layout: `${formatLayout(options.layout)} (${describeLayout(options.layout)})`,
    rows,
    targets,
    methods: selected.map((measurement) => ({ title: measurement.title, text: measurement.method(context) })),
    observations,
    failures,
  });
  process.stdout.write(`\n${resultsTable(rows)}\n\n${targetsTable(targets)}\n\n`);
  writeFileSync(options.out, report);
  log(`report written to ${options.out}`);
  return failures.length > 0 ? 1 : 0;
}
