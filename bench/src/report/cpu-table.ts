import { markdownTable } from './markdown-table';
import { median } from '../stats/median';

/** Cores each process kept busy, median over the runs: where the CPU of a 2-core machine went. */
export function cpuTable(samples: Array<Array<{ name: string; cores: number }>>): string {
  const names = [...new Set(samples.flatMap((sample) => sample.map((entry) => entry.name)))];
  const rows = names.map((name) => {
    const cores = median(samples.map((sample) => sample.find((entry) => entry.name === name)?.cores ?? Number.NaN));
    return { name, cores };
  });
  const total = rows.reduce((sum, row) => sum + (Number.isFinite(row.cores) ? row.cores : 0), 0);
  return markdownTable(
    ['Process', 'CPU (cores)'],
    [...rows.map((row) => [row.name, row.cores.toFixed(2)]), ['all of them', total.toFixed(2)]],
    ['left', 'right'],
  );
}
