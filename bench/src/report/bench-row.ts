/** Which of the three questions a figure answers. */
export type RowGroup = 'product' | 'limit' | 'naive' | 'ratio';

/** One figure of the report: the median over `runs`, which are kept so the spread can be seen. */
export interface BenchRow {
  key: string;
  group: RowGroup;
  label: string;
  value: number;
  unit: string;
  runs: number[];
}

export const GROUP_TITLES: Record<RowGroup, string> = {
  product: 'The product',
  limit: 'The limit',
  naive: 'The naive path',
  ratio: 'Ratios',
};
