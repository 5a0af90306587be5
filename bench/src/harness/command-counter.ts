import { markdownTable } from '../report/markdown-table';
import { formatNumber } from '../report/number-format';
import { PrivateRedis } from './private-redis';

/** Redis commands the runs between begin() and end() sent, per command, from INFO commandstats. */
export class CommandCounter {
  private before = new Map<string, number>();
  private readonly totals = new Map<string, number>();

  constructor(private readonly redis: PrivateRedis) {}

  async begin(): Promise<void> {
    this.before = await this.redis.commandCalls();
  }

  async end(): Promise<void> {
    const after = await this.redis.commandCalls();
    for (const [command, calls] of after) {
      const delta = calls - (this.before.get(command) ?? 0);
      if (delta > 0) this.totals.set(command, (this.totals.get(command) ?? 0) + delta);
    }
  }

  /** The busiest commands per enrollment, and all of them together. */
  table(enrollments: number, top = 8): string {
    const sorted = [...this.totals].sort((a, b) => b[1] - a[1]);
    const all = sorted.reduce((sum, [, calls]) => sum + calls, 0);
    return markdownTable(
      ['Command', 'Calls per enrollment'],
      [...sorted.slice(0, top).map(([command, calls]) => [command, formatNumber(calls / enrollments)]), ['all commands', formatNumber(all / enrollments)]],
      ['left', 'right'],
    );
  }
}
