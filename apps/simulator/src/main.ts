import { createRequire } from 'node:module';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createProgressDisplay, progressLine } from './progress-display';
import { formatReport } from './report-format';
import { runSimulation } from './simulation';
import type { SimulationPlan } from './simulation.types';

export { createProgressDisplay, formatReport, progressLine, runSimulation };

/** `npm run simulate -- --pcs 50 --users 3 --bulk 200`: runs a simulation and prints its report. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('simulate')
    .description('Simulates Windows 7 PCs (Workplace Join and leave per user) and Windows 10 devices (bulk enrollment) against the orchestrator')
    .option('--url <url>', 'orchestrator base URL, default http://localhost:3000; repeat it or separate with commas to spread requests over several', collectUrls)
    .addOption(new Option('--admin-key <key>', 'an admin key of the orchestrator').env('ENROLLCTL_ADMIN_KEY'))
    .option('--pcs <n>', 'Windows 7 PCs', wholeNumber, 50)
    .option('--users <n>', 'users logging on at each PC (one Workplace Join each)', wholeNumber, 3)
    .option('--leave-ratio <r>', 'share of the joined user@PCs that leave again (0 to 1)', ratio, 0.2)
    .option('--bulk <n>', 'Windows 10 devices enrolling in bulk', wholeNumber, 200)
    .option('--rate <n>', 'requests sent per second (default: as fast as --concurrency allows)', positiveNumber)
    .option('--concurrency <n>', 'most requests in flight at once', atLeastOne, 64)
    .option('--keys <n>', 'RSA keys made before the run and shared by the devices', atLeastOne, 16)
    .option('--timeout <ms>', 'how long one request may take before it counts as failed', atLeastOne, 120_000)
    .option('--domain <domain>', 'DNS domain of the users and PCs', 'contoso.com')
    .option('--json', 'print the report as JSON on stdout (progress still goes to stderr)')
    .showHelpAfterError();
  await program.parseAsync(argv);
  const options = program.opts();
  if (!options.adminKey) program.error('error: an admin key is needed: --admin-key or ENROLLCTL_ADMIN_KEY');

  const display = createProgressDisplay(process.stderr);
  const plan: SimulationPlan = {
    baseUrls: options.url ?? ['http://localhost:3000'],
    adminKey: options.adminKey,
    pcs: options.pcs,
    usersPerPc: options.users,
    leaveRatio: options.leaveRatio,
    bulkDevices: options.bulk,
    ratePerSecond: options.rate,
    concurrency: options.concurrency,
    keyPoolSize: options.keys,
    timeoutMs: options.timeout,
    domain: options.domain,
    onProgress: (progress) => display.update(progress),
  };
  let report;
  try {
    report = await runSimulation(plan);
  } finally {
    display.stop();
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatReport(report)}\n`);
  return report.failed > 0 ? 1 : 0;
}

function collectUrls(value: string, previous: string[] = []): string[] {
  const urls = value.split(',').map((url) => url.trim()).filter(Boolean);
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+/.test(url)) throw new InvalidArgumentError(`${url} is not an http(s) URL`);
  }
  return [...previous, ...urls];
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function atLeastOne(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('must be at least 1');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number above 0');
  return n;
}

function ratio(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1) || value.trim() === '') throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

// Built with webpack, this file's exports stay inside the bundle; Node's own module objects (reached
// through createRequire, which webpack leaves alone) tell whether it was run or required, and in the
// latter case carry the exports out, for `npm run demo` and the benchmark.
const nodeRequire = createRequire(__filename);
const self = nodeRequire.cache[__filename];
if (self && nodeRequire.main === self) {
  main(process.argv).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`simulate: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
} else if (self) {
  Object.assign(self.exports, { createProgressDisplay, formatReport, main, progressLine, runSimulation });
}
