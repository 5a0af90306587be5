import { BenchContext } from '../bench-context';
import { describeLayout, formatLayout, parseLayout } from '../cli/layout';
import { markdownTable } from '../report/markdown-table';
import { formatNumber } from '../report/number-format';
import { layoutRowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** Which processes to run on this machine: the same load against each candidate layout. */
export const layoutsMeasurement: Measurement = {
  name: 'layouts',
  title: 'Process layouts',
  method: (context) =>
    `Candidates ${context.sizes.layoutCandidates.join(', ')} (orchestrators + workers x concurrency per worker), each started ` +
    `on its own, warmed up, then ${context.sizes.reps} run(s) of ${context.sizes.layoutEnrollments} requests (both flows, ` +
    `${context.sizes.inFlight} in flight).`,
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const measured: Array<{ layout: string; runs: number[]; median: number }> = [];
    const used = formatLayout(context.layout);
    // The layout of the product figures goes last, so that the measurements after this one reuse its service.
    const order = [...context.sizes.layoutCandidates].sort((a, b) => Number(a === used) - Number(b === used));
    for (const candidate of order) {
      const layout = parseLayout(candidate);
      const service = await context.sharedService(layout);
      await context.warmUp(service);
      const runs = await repeat(context.sizes.reps, async () => {
        const report = await context.load(service, { enrollments: context.sizes.layoutEnrollments });
        return report.throughputPerSecond;
      });
      context.log(`layout ${candidate}: ${runs.map((rate) => rate.toFixed(1)).join(', ')} enrollments/s`);
      measured.push({ layout: formatLayout(layout), runs, median: median(runs) });
    }
    measured.sort((a, b) => context.sizes.layoutCandidates.indexOf(a.layout) - context.sizes.layoutCandidates.indexOf(b.layout));
    const best = measured.reduce((a, b) => (b.median > a.median ? b : a));
    return {
      rows: measured.map((entry) => ({
        key: layoutRowKey(entry.layout),
        group: 'product' as const,
        label: `Layout ${entry.layout}: ${describeLayout(parseLayout(entry.layout))}, enrollments/s`,
        value: entry.median,
        unit: 'enrollments/s',
        runs: entry.runs,
      })),
      observations: [
        markdownTable(
          ['Layout', 'Enrollments/s (median)', ''],
          measured.map((entry) => [entry.layout, formatNumber(entry.median), entry === best ? 'fastest' : '']),
          ['left', 'right', 'left'],
        ) +
          `\n\nFastest in this run: ${best.layout}. The product figures used ${used}` +
          (best.layout === used
            ? '.'
            : ` (\`--layout\`); the difference to the fastest is ${formatNumber((best.median / (measured.find((e) => e.layout === used)?.median ?? best.median) - 1) * 100)} %.`),
      ],
    };
  },
};
