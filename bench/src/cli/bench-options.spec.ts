import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions, RECOMMENDED_LAYOUT } from './bench-options';
import { FULL_SIZES, SMOKE_SIZES } from './bench-sizes';
import { describeLayout, formatLayout, parseLayout } from './layout';

const NAMES = ['native-sign', 'openssl-speed', 'throughput'];
const parse = (...argv: string[]) => parseBenchOptions(argv, NAMES, '/repo');

describe(parseBenchOptions.name, () => {
  it('writes the full run to BENCHMARKS.md in the working directory', () => {
    const sut = parse();
    expect(sut.out).toBe('/repo/BENCHMARKS.md');
    expect(sut.smoke).toBe(false);
    expect(sut.sizes).toEqual(FULL_SIZES);
    expect(formatLayout(sut.layout)).toBe(RECOMMENDED_LAYOUT);
  });

  it('never sends a smoke run to BENCHMARKS.md unless asked', () => {
    expect(parse('--smoke').out).toBe(join(tmpdir(), 'benchmarks-smoke.md'));
    expect(parse('--smoke').sizes).toEqual(SMOKE_SIZES);
    expect(parse('--smoke', '--out', 'BENCHMARKS.md').out).toBe('/repo/BENCHMARKS.md');
  });

  it('takes a subset, a layout, candidate layouts and repetitions', () => {
    const sut = parse('--only', 'throughput, native-sign', '--layout', '1+1x64', '--layouts', '1+1x8,2+2x4', '--reps', '5');
    expect(sut.only).toEqual(['throughput', 'native-sign']);
    expect(sut.layout).toEqual({ orchestrators: 1, workers: 1, concurrency: 64 });
    expect(sut.sizes.layoutCandidates).toEqual(['1+1x8', '2+2x4']);
    expect(sut.sizes.reps).toBe(5);
    expect(sut.profileDir).toBeUndefined();
    expect(parse('--profile', 'profiles').profileDir).toBe('/repo/profiles');
  });

  it.each([
    [['--only', 'nonsense'], /unknown measurement\(s\) nonsense/],
    [['--layout', '2 workers'], /not of the form O\+WxC/],
    [['--layouts', '1+1x16,1+0x16'], /at least one of each/],
    [['--reps', '0'], /positive integer/],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });
});

describe(parseLayout.name, () => {
  it.each([
    ['1+2x16', { orchestrators: 1, workers: 2, concurrency: 16 }, '1 orchestrator + 2 workers (concurrency 16 each)'],
    [' 2+1x64 ', { orchestrators: 2, workers: 1, concurrency: 64 }, '2 orchestrators + 1 worker (concurrency 64 each)'],
  ])('%p', (text, layout, description) => {
    const sut = parseLayout(text);
    expect(sut).toEqual(layout);
    expect(describeLayout(sut)).toBe(description);
    expect(formatLayout(sut)).toBe(text.trim());
  });
});
