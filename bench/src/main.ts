import { CommanderError } from 'commander';
import { BARE_WORKER_ROLE } from './bare/bare-job';
import { runBareWorker } from './bare/bare-worker';
import { runBench } from './bench-runner';
import { parseBenchOptions } from './cli/bench-options';
import { MEASUREMENTS } from './measurements';

async function main(): Promise<number> {
  const names = MEASUREMENTS.map((measurement) => measurement.name);
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2), names);
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')) return 0;
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (options.list) {
    for (const measurement of MEASUREMENTS) process.stdout.write(`${measurement.name.padEnd(20)} ${measurement.title}\n`);
    return 0;
  }
  return runBench(options, MEASUREMENTS);
}

const exit = (code: number) => process.exit(code);
const crash = (error: Error) => {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exit(1);
};

// The bare pipeline's worker processes are this same bundle, started with a role.
if (process.env.BENCH_ROLE === BARE_WORKER_ROLE) runBareWorker().catch(crash);
else main().then(exit, crash);
