import { MachineInfo } from '../machine/machine-info';
import { BenchRow } from './bench-row';
import { formatBytes, formatNumber } from './number-format';
import { resultsTable, targetsTable } from './results-tables';
import { describeResult, TargetResult } from './targets';

export interface ReportInput {
  smoke: boolean;
  startedAt: Date;
  durationMs: number;
  machine: MachineInfo;
  /** The command line that produced the report, and every outside command it ran. */
  commands: string[];
  /** Environment of the service's processes (no secrets). */
  serviceEnv: Record<string, string>;
  layout: string;
  rows: BenchRow[];
  targets: TargetResult[];
  methods: Array<{ title: string; text: string }>;
  observations: Array<{ title: string; text: string }>;
  failures: Array<{ title: string; message: string }>;
}

/** BENCHMARKS.md: the machine, the versions, the commands, the figures, the targets, and how each is made. */
export function renderReport(input: ReportInput): string {
  const { machine } = input;
  const missed = input.targets.filter((result) => result.verdict === 'missed');
  const sections = [
    '# Benchmarks',
    input.smoke
      ? '> **Smoke run**: every measurement at a tiny size, to prove the benchmark works. The figures say nothing about performance.'
      : `Measured by \`npm run bench\` on ${input.startedAt.toISOString().slice(0, 10)}, in ${formatNumber(input.durationMs / 60000)} minutes. ` +
        'Every figure is the median of the runs shown beside it; every ratio divides two medians of this same run.',
    machine.loadAtStart > 0.5
      ? `> **Warning**: the 1-minute load average was ${machine.loadAtStart.toFixed(2)} when the run started: other work shared the CPU and the figures are low.`
      : '',
    '## Machine',
    [
      `- CPU: ${machine.cpuModel}, ${machine.cores} cores`,
      `- RAM: ${formatBytes(machine.ramBytes)}`,
      `- OS: ${machine.os}`,
      `- Load average (1 min) at start: ${machine.loadAtStart.toFixed(2)}`,
    ].join('\n'),
    '## Versions',
    Object.entries(machine.versions)
      .map(([name, version]) => `- ${name}: ${version}`)
      .join('\n'),
    '## Commands',
    [
      ...input.commands.map((command) => `- \`${command}\``),
      `- Service processes: \`node dist/apps/orchestrator/main.js\` and \`node dist/apps/worker/main.js\`, layout ${input.layout}, ` +
        'on a private `redis-server` started by the benchmark on a free port ' +
        '(`--save "" --appendonly no --maxmemory-policy noeviction`).',
      `- Service environment: ${Object.entries(input.serviceEnv)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ')}, plus its own REDIS_URL, REDIS_PREFIX, PORT, ADMIN_API_KEYS, CA_PASSPHRASE.`,
    ].join('\n'),
    '## Results',
    resultsTable(input.rows),
    '## Targets',
    targetsTable(input.targets),
    input.failures.length > 0
      ? ['## Failed measurements', input.failures.map((failure) => `- ${failure.title}: ${failure.message}`).join('\n')].join('\n\n')
      : '',
    '## How each figure is measured',
    input.methods.map((method) => `- **${method.title}**: ${method.text}`).join('\n'),
    ...(input.observations.length > 0 ? ['## Observations', ...groupByTitle(input.observations)] : []),
    '## What holds the product back',
    missed.length > 0
      ? missed.map((result) => `- **${result.target.label}** (${result.target.requirement}; ${describeResult(result)}): ${result.target.heldBack}`).join('\n')
      : 'Every target was met in this run.',
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

/** One heading per measurement, its observations below it in order. */
function groupByTitle(observations: ReportInput['observations']): string[] {
  const groups = new Map<string, string[]>();
  for (const { title, text } of observations) if (text) groups.set(title, [...(groups.get(title) ?? []), text]);
  return [...groups].flatMap(([title, texts]) => [`### ${title}`, ...texts]);
}
