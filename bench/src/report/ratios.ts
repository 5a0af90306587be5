import { BenchRow } from './bench-row';
import { RowKey } from './row-keys';

interface RatioDefinition {
  key: string;
  label: string;
  numerator: string;
  denominator: string;
}

/** Each ratio divides two medians of the same run, so both sides saw the same machine state. */
export const RATIOS: readonly RatioDefinition[] = [
  {
    key: RowKey.productVsBare,
    label: 'Product ÷ limit: end-to-end enrollments/s ÷ bare pipeline enrollments/s',
    numerator: RowKey.e2eThroughput,
    denominator: RowKey.barePipeline,
  },
  {
    key: RowKey.productVsNaive,
    label: "Product ÷ naive: the product's native certificate signing ÷ node-forge cert.sign",
    numerator: RowKey.productSigning,
    denominator: RowKey.forgeSign,
  },
  {
    key: RowKey.e2eVsNaive,
    label: 'End-to-end enrollments/s ÷ node-forge cert.sign certificates/s (above 1: forge signing alone could not keep up)',
    numerator: RowKey.e2eThroughput,
    denominator: RowKey.forgeSign,
  },
  {
    key: RowKey.populatedVsEmpty,
    label: 'Throughput with the seeded directory ÷ with an empty one',
    numerator: RowKey.throughputPopulated,
    denominator: RowKey.throughputEmpty,
  },
  {
    key: RowKey.mde2VsJsonBulk,
    label: 'MS-MDE2 ÷ JSON bulk: enrollments/s end to end of Windows-shaped devices ÷ of JSON bulk devices, same service',
    numerator: RowKey.mde2Throughput,
    denominator: RowKey.jsonBulkThroughput,
  },
  {
    key: RowKey.dvrjVsJsonWorkplaceJoin,
    label: 'MS-DVRJ ÷ JSON Workplace Join: registrations/s end to end of Windows-shaped PCs ÷ of JSON joins, same service',
    numerator: RowKey.dvrjThroughput,
    denominator: RowKey.jsonWorkplaceJoinThroughput,
  },
  {
    key: RowKey.managementVsBare,
    label: 'Management sessions ÷ limit, empty command list: sessions/s of Windows-shaped devices ÷ the same Redis work alone',
    numerator: RowKey.managementSessionsEmpty,
    denominator: RowKey.bareManagementEmpty,
  },
  {
    key: RowKey.managementGetVsBare,
    label: 'Management sessions ÷ limit, one Get each: sessions/s of Windows-shaped devices ÷ the same Redis work alone',
    numerator: RowKey.managementSessionsGet,
    denominator: RowKey.bareManagementGet,
  },
];

/** The ratios whose two figures were both measured. */
export function deriveRatios(rows: readonly BenchRow[]): BenchRow[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return RATIOS.flatMap((ratio) => {
    const numerator = byKey.get(ratio.numerator);
    const denominator = byKey.get(ratio.denominator);
    if (!numerator || !denominator || !(denominator.value > 0)) return [];
    return [{ key: ratio.key, group: 'ratio' as const, label: ratio.label, value: numerator.value / denominator.value, unit: '×', runs: [] }];
  });
}
