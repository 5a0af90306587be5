import { createRequire } from 'node:module';
import { createProgressDisplay, progressLine } from './progress-display';
import { formatReport } from './report-format';
import { runSimulation } from './simulation';
import { parseArguments } from './cli-arguments';

export { createProgressDisplay, formatReport, progressLine, runSimulation };

/** `npm run simulate -- --pcs 50 --users 3 --bulk 200`: runs a simulation and prints its report. */
export async function main(argv: string[]): Promise<number> {
  const { plan, json } = await parseArguments(argv);
  const display = createProgressDisplay(process.stderr);
  let report;
  try {
    report = await runSimulation({ ...plan, onProgress: (progress) => display.update(progress) });
  } finally {
    display.stop();
  }
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatReport(report)}\n`);
  return report.failed > 0 || (report.management?.failed ?? 0) > 0 ? 1 : 0;
}

// Built with webpack, this file's exports stay inside the bundle; Node's own module objects (reached
// through createRequire, which webpack leaves alone) tell whether it was run or required, and in the
// latter case carry the exports out, for `npm run demo` and the benchmark.
const nodeRequire = createRequire(__filename);
const self = nodeRequire.cache[__filename];
if (self && nodeRequire.main === self) {
  main(process.argv).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`simulate: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
} else if (self) {
  Object.assign(self.exports, { createProgressDisplay, formatReport, main, progressLine, runSimulation });
}
