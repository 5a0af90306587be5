import { cpuSecondsOf, parseProcStat } from './process-cpu';

describe(parseProcStat.name, () => {
  it('reads utime + stime past a command name with spaces and parentheses', () => {
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 11 0 100 0 0';
    expect(parseProcStat(stat)).toBe(3);
  });
});

describe(cpuSecondsOf.name, () => {
  it('reads this process, and nothing for a process that does not exist', () => {
    expect(cpuSecondsOf(process.pid)).toBeGreaterThanOrEqual(0);
    expect(cpuSecondsOf(2 ** 30)).toBeUndefined();
  });
});
