import { BenchRow, GROUP_TITLES, RowGroup } from './bench-row';
import { markdownTable } from './markdown-table';
import { formatNumber } from './number-format';
import { describeResult, TargetResult } from './targets';

const GROUP_ORDER: RowGroup[] = ['product', 'limit', 'naive', 'ratio'];

/** Every figure, grouped as the issue asks: the product, the limit, the naive path, the ratios. */
export function resultsTable(rows: readonly BenchRow[]): string {
  const ordered = GROUP_ORDER.flatMap((group) => rows.filter((row) => row.group === group));
  return markdownTable(
    ['Group', 'Figure', 'Median', 'Unit', 'Runs'],
    ordered.map((row) => [
      GROUP_TITLES[row.group],
      row.label,
      formatNumber(row.value),
      row.unit,
      row.runs.length > 0 ? row.runs.map(formatNumber).join(', ') : '—',
    ]),
    ['left', 'left', 'right', 'left', 'left'],
  );
}

export function targetsTable(results: readonly TargetResult[]): string {
  return markdownTable(
    ['Target', 'Requirement', 'Measured', 'Verdict'],
    results.map((result) => [result.target.label, result.target.requirement, describeResult(result), result.verdict]),
    ['left', 'left', 'right', 'left'],
  );
}
