import { readFileSync } from 'node:fs';

// Linux reports utime and stime in clock ticks, 100 per second on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where it cannot be read. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** utime + stime of a /proc/<pid>/stat line, in seconds. The command name may hold spaces and parentheses. */
export function parseProcStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU time of named processes over an interval, as cores busy on average. */
export class CpuMeter {
  private first?: CpuSample;
  private last?: CpuSample;

  constructor(private readonly processes: Array<{ name: string; pid: number }>) {}

  /** Starts a new interval. */
  begin(): void {
    this.first = this.sample();
    this.last = undefined;
  }

  /** Moves the end of the interval to now (e.g. at every progress report of a run). */
  mark(): void {
    if (this.first) this.last = this.sample();
  }

  /** Average cores used by each process between begin() and the last mark() (or now). */
  end(): Array<{ name: string; cores: number }> {
    const first = this.first;
    const last = this.last ?? this.sample();
    this.first = this.last = undefined;
    if (!first) return [];
    const elapsed = (last.at - first.at) / 1000;
    return this.processes.flatMap(({ name }) => {
      const before = first.seconds.get(name);
      const after = last.seconds.get(name);
      return before === undefined || after === undefined || elapsed <= 0 ? [] : [{ name, cores: (after - before) / elapsed }];
    });
  }

  private sample(): CpuSample {
    const seconds = new Map<string, number>();
    for (const { name, pid } of this.processes) {
      const used = cpuSecondsOf(pid);
      if (used !== undefined) seconds.set(name, used);
    }
    return { at: performance.now(), seconds };
  }
}

interface CpuSample {
  at: number;
  seconds: Map<string, number>;
}
