import { Command, InvalidArgumentError, Option } from 'commander';
import { BULK_PROTOCOLS, BulkProtocol, SimulationPlan, WORKPLACE_PROTOCOLS, WorkplaceProtocol } from './simulation.types';

/** The plan the command line asks for (node and the script first, as in process.argv), and whether to print JSON. */
export async function parseArguments(argv: string[]): Promise<{ plan: SimulationPlan; json: boolean }> {
  const program = new Command('simulate')
    .description('Simulates Windows 7 PCs (Workplace Join and leave per user) and Windows 10 devices (bulk enrollment) against the orchestrator')
    .option(
      '--url <url>',
      'orchestrator base URL, default http://localhost:3000; repeat it or separate with commas to spread requests over several',
      collectUrls,
    )
    .addOption(new Option('--admin-key <key>', 'an admin key of the orchestrator').env('ENROLLCTL_ADMIN_KEY'))
    .option('--pcs <n>', 'Windows 7 PCs', wholeNumber, 50)
    .option('--users <n>', 'users logging on at each PC (one Workplace Join each)', wholeNumber, 3)
    .addOption(
      new Option(
        '--workplace-protocol <protocol>',
        "how the PCs' users join and leave: json (POST /v1/workplace-joins) or dvrj (MS-DVRD discovery and MS-DVRJ register and delete, as Windows does)",
      )
        .choices(WORKPLACE_PROTOCOLS)
        .default('json'),
    )
    .option('--leave-ratio <r>', 'share of the joined user@PCs that leave again (0 to 1)', ratio, 0.2)
    .option('--bulk <n>', 'Windows 10 devices enrolling in bulk', wholeNumber, 200)
    .addOption(
      new Option('--bulk-protocol <protocol>', 'how bulk devices enroll: json (POST /v1/bulk-enrollments) or mde2 (MS-MDE2 SOAP, as Windows does)')
        .choices(BULK_PROTOCOLS)
        .default('json'),
    )
    .option('--manage <n>', 'with --bulk-protocol mde2: management sessions (OMA-DM) each enrolled device opens afterwards', wholeNumber, 0)
    .option('--rate <n>', 'requests sent per second (default: as fast as --concurrency allows)', positiveNumber)
    .option('--concurrency <n>', 'most requests in flight at once', atLeastOne, 64)
    .option('--keys <n>', 'RSA keys made before the run and shared by the devices', atLeastOne, 16)
    .option('--timeout <ms>', 'how long one request may take before it counts as failed', atLeastOne, 120_000)
    .option('--domain <domain>', 'DNS domain of the users and PCs', 'contoso.com')
    .option('--json', 'print the report as JSON on stdout (progress still goes to stderr)')
    .showHelpAfterError();
  await program.parseAsync(argv);
  const options = program.opts<CliOptions>();
  if (!options.adminKey) return program.error('error: an admin key is needed: --admin-key or ENROLLCTL_ADMIN_KEY');
  const plan: SimulationPlan = {
    baseUrls: options.url ?? ['http://localhost:3000'],
    adminKey: options.adminKey,
    pcs: options.pcs,
    usersPerPc: options.users,
    leaveRatio: options.leaveRatio,
    workplaceProtocol: options.workplaceProtocol,
    bulkDevices: options.bulk,
    bulkProtocol: options.bulkProtocol,
    managementSessions: options.manage,
    ratePerSecond: options.rate,
    concurrency: options.concurrency,
    keyPoolSize: options.keys,
    timeoutMs: options.timeout,
    domain: options.domain,
  };
  return { plan, json: Boolean(options.json) };
}

/** The options as parsed above: the ones with a default are always there. */
interface CliOptions {
  url?: string[];
  adminKey?: string;
  pcs: number;
  users: number;
  leaveRatio: number;
  workplaceProtocol: WorkplaceProtocol;
  bulk: number;
  bulkProtocol: BulkProtocol;
  manage: number;
  rate?: number;
  concurrency: number;
  keys: number;
  timeout: number;
  domain: string;
  json?: true;
}

function collectUrls(value: string, previous: string[] = []): string[] {
  const urls = value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
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
