import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { FULL_SIZES, SMOKE_SIZES, BenchSizes } from './bench-sizes';
import { formatLayout, Layout, parseLayout, RECOMMENDED_LAYOUT } from './layout';

export { RECOMMENDED_LAYOUT };

export interface BenchOptions {
  smoke: boolean;
  out: string;
  only?: string[];
  layout: Layout;
  sizes: BenchSizes;
  list: boolean;
  /** Where the service's (and bare workers') `node --cpu-prof` profiles go, when asked for. */
  profileDir?: string;
  argv: string[];
}

const positiveInt = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};

const layoutArgument = (value: string): Layout => {
  try {
    return parseLayout(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

const csvArgument = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * Parses the command line (without node and the script). A smoke run writes to the temporary directory
 * unless `--out` says otherwise, so that it never replaces the real BENCHMARKS.md by accident.
 */
export function parseBenchOptions(argv: string[], measurementNames: readonly string[], cwd = process.cwd()): BenchOptions {
  const program = new Command('bench')
    .description('Measures the enrollment orchestrator on this machine and writes BENCHMARKS.md')
    .option('--smoke', 'a tiny version of every measurement (well under a minute); figures mean nothing')
    .option('--out <path>', 'where the report goes (default BENCHMARKS.md; a smoke run: $TMPDIR/benchmarks-smoke.md)')
    .option('--only <names>', `run only these measurements, comma-separated: ${measurementNames.join(', ')}`, csvArgument)
    .option('--layout <O+WxC>', 'processes of the product figures: orchestrators + workers x concurrency', layoutArgument)
    .option('--layouts <list>', 'candidate layouts the layouts measurement compares, comma-separated', csvArgument)
    .option('--reps <n>', 'repetitions of each measurement (the figure is their median)', positiveInt)
    .option('--profile <dir>', "start the service's and the bare pipeline's processes with node --cpu-prof, profiles in <dir>")
    .option('--list', 'list the measurements and exit')
    .exitOverride()
    // the caller prints the error it throws, once
    .configureOutput({ writeErr: () => undefined });
  program.parse(argv, { from: 'user' });
  const raw = program.opts<{
    smoke?: boolean;
    out?: string;
    only?: string[];
    layout?: Layout;
    layouts?: string[];
    reps?: number;
    list?: boolean;
    profile?: string;
  }>();

  const unknown = (raw.only ?? []).filter((name) => !measurementNames.includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown measurement(s) ${unknown.join(', ')}; known: ${measurementNames.join(', ')}`);
  const candidates = raw.layouts ?? [];
  candidates.forEach(layoutArgument);

  const smoke = Boolean(raw.smoke);
  const base = smoke ? SMOKE_SIZES : FULL_SIZES;
  const sizes: BenchSizes = {
    ...base,
    reps: raw.reps ?? base.reps,
    layoutCandidates: candidates.length > 0 ? candidates.map((text) => formatLayout(parseLayout(text))) : base.layoutCandidates,
  };
  return {
    smoke,
    out: resolve(cwd, raw.out ?? (smoke ? join(tmpdir(), 'benchmarks-smoke.md') : 'BENCHMARKS.md')),
    only: raw.only && raw.only.length > 0 ? raw.only : undefined,
    layout: raw.layout ?? parseLayout(RECOMMENDED_LAYOUT),
    sizes,
    list: Boolean(raw.list),
    profileDir: raw.profile ? resolve(cwd, raw.profile) : undefined,
    argv,
  };
}
