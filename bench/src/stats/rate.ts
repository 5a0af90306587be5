import { performance } from 'node:perf_hooks';

/** Calls `operation` back to back for about `seconds` (on this thread) and returns calls per second. */
export function operationsPerSecond(seconds: number, operation: (index: number) => void): number {
  const started = performance.now();
  const until = started + seconds * 1000;
  let count = 0;
  let now = started;
  while (now < until) {
    operation(count++);
    now = performance.now();
  }
  return count / ((now - started) / 1000);
}
