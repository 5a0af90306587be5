import { BenchRow } from './bench-row';
import { markdownTable } from './markdown-table';
import { formatBytes, formatNumber } from './number-format';
import { deriveRatios } from './ratios';
import { resultsTable, targetsTable } from './results-tables';
import { RowKey } from './row-keys';
import { evaluateTargets, TARGETS } from './targets';

const row = (key: string, value: number, overrides: Partial<BenchRow> = {}): BenchRow => ({
  key,
  group: 'product',
  label: key,
  value,
  unit: 'enrollments/s',
  runs: [],
  ...overrides,
});

describe(formatNumber.name, () => {
  it.each([
    [1234.567, '1,235'],
    [123.4, '123'],
    [12.345, '12.3'],
    [1.2345, '1.23'],
    [0.01234, '0.012'],
    [Number.NaN, 'n/a'],
    [Number.POSITIVE_INFINITY, 'n/a'],
  ])('%p → %p', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

describe(formatBytes.name, () => {
  it.each([
    [512, '512 B'],
    [4096, '4.00 KiB'],
    [5 * 1024 ** 2, '5.00 MiB'],
  ])('%p → %p', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe(markdownTable.name, () => {
  it('pads columns, right-aligns where asked and escapes pipes', () => {
    const sut = markdownTable(
      ['Name', 'Value'],
      [
        ['a|b', '1'],
        ['long name', '1,000'],
      ],
      ['left', 'right'],
    );
    expect(sut.split('\n')).toEqual(['| Name      | Value |', '| --------- | ----: |', '| a\\|b      |     1 |', '| long name | 1,000 |']);
  });

  it('fills missing cells', () => {
    expect(markdownTable(['A', 'B'], [['x']]).split('\n')[2]).toBe('| x   |     |');
  });
});

describe(resultsTable.name, () => {
  it('lists the product first and ratios last, with every run', () => {
    const sut = resultsTable([row('r', 0.5, { group: 'ratio', unit: '×' }), row('p', 312.4, { runs: [300, 312.4, 330] }), row('l', 400, { group: 'limit' })]);
    const lines = sut.split('\n').slice(2);
    expect(lines[0]).toMatch(/^\| The product +\| p +\| +312 \| enrollments\/s \| 300, 312, 330 +\|$/);
    expect(lines[1]).toMatch(/^\| The limit /);
    expect(lines[2]).toMatch(/^\| Ratios .*\| +0\.500 \| × +\| — +\|$/);
  });
});

describe(deriveRatios.name, () => {
  it('divides medians of the same run, and leaves out ratios with a side missing or zero', () => {
    const sut = deriveRatios([
      row(RowKey.e2eThroughput, 240),
      row(RowKey.barePipeline, 400),
      row(RowKey.throughputEmpty, 0),
      row(RowKey.throughputPopulated, 100),
    ]);
    expect(sut).toEqual([expect.objectContaining({ key: RowKey.productVsBare, value: 0.6, group: 'ratio', unit: '×' })]);
  });
});

describe(evaluateTargets.name, () => {
  it.each([
    [RowKey.e2eThroughput, 300, 'met'],
    [RowKey.e2eThroughput, 299.9, 'missed'],
    [RowKey.productVsBare, 0.8, 'met'],
    [RowKey.latencyP99, 100, 'missed'],
    [RowKey.latencyP99, 99.9, 'met'],
    [RowKey.waveDuration, 40, 'missed'],
    [RowKey.redisPerDevice, 4, 'met'],
    [RowKey.redisPerDevice, 4.01, 'missed'],
    [RowKey.populatedVsEmpty, 0.89, 'missed'],
    [RowKey.populatedVsEmpty, 1.05, 'met'],
  ])('%s = %p is %s', (key, value, verdict) => {
    const sut = evaluateTargets([row(key, value)]).find((result) => result.target.rowKey === key)!;
    expect(sut.verdict).toBe(verdict);
  });

  it('says "not run" for a figure that was not measured', () => {
    const sut = evaluateTargets([]);
    expect(sut.map((result) => result.verdict)).toEqual(TARGETS.map(() => 'not run'));
    expect(targetsTable(sut)).toMatch(/\| +— \| not run +\|/);
  });
});
