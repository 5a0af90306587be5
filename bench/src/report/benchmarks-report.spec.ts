import { MachineInfo } from '../machine/machine-info';
import { renderReport, ReportInput } from './benchmarks-report';
import { RowKey } from './row-keys';
import { evaluateTargets } from './targets';

const machine: MachineInfo = {
  cpuModel: 'AMD EPYC',
  cores: 2,
  ramBytes: 24 * 1024 ** 3,
  os: 'Linux 6.1',
  loadAtStart: 0.1,
  versions: { node: 'v20.20.2', 'redis-server': '7.0.15', openssl: '3.0.19', bullmq: '6.7.0', 'node-forge': '1.4.3' },
};

const input = (overrides: Partial<ReportInput> = {}): ReportInput => {
  const rows = [{ key: RowKey.e2eThroughput, group: 'product' as const, label: 'End to end', value: 250, unit: 'enrollments/s', runs: [250] }];
  return {
    smoke: false,
    startedAt: new Date('2026-01-02T03:04:05Z'),
    durationMs: 600000,
    machine,
    commands: ['npm run bench'],
    serviceEnv: { LOG_LEVEL: 'warn' },
    layout: '1+2x16',
    rows,
    targets: evaluateTargets(rows),
    methods: [{ title: 'End to end', text: 'the simulator' }],
    observations: [],
    failures: [],
    ...overrides,
  };
};

describe(renderReport.name, () => {
  it('has the machine, versions, commands, results, targets and a what holds each missed target back', () => {
    const sut = renderReport(input());
    for (const heading of ['# Benchmarks', '## Machine', '## Versions', '## Commands', '## Results', '## Targets', '## What holds the product back']) {
      expect(sut).toContain(`\n${heading}\n`.trimStart());
    }
    expect(sut).toContain('- CPU: AMD EPYC, 2 cores');
    expect(sut).toContain('- RAM: 24.0 GiB');
    expect(sut).toContain('- node-forge: 1.4.3');
    expect(sut).toContain('`LOG_LEVEL=warn`');
    expect(sut).toMatch(/- \*\*End-to-end throughput\*\* \(≥ 300 enrollments\/s; [^)]+\): CPU\. At full load/);
    expect(sut).not.toContain('Smoke run');
    expect(sut).not.toContain('Warning');
  });

  it('puts the observations of one measurement under one heading', () => {
    const sut = renderReport(
      input({
        observations: [
          { title: 'Bare', text: 'one' },
          { title: 'Throughput', text: 'two' },
          { title: 'Bare', text: 'three' },
          { title: 'Wave', text: '' },
        ],
      }),
    );
    expect(sut).toContain('## Observations\n\n### Bare\n\none\n\nthree\n\n### Throughput\n\ntwo\n\n## What holds');
  });

  it('says so for a smoke run, a busy machine and a failed measurement', () => {
    const sut = renderReport(input({ smoke: true, machine: { ...machine, loadAtStart: 1.5 }, failures: [{ title: 'Bulk wave', message: 'timed out' }] }));
    expect(sut).toContain('**Smoke run**');
    expect(sut).toContain('load average was 1.50');
    expect(sut).toContain('## Failed measurements\n\n- Bulk wave: timed out');
  });
});
