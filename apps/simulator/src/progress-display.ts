import { Presets, SingleBar } from 'cli-progress';
import type { SimulationProgress } from './simulation.types';

export interface ProgressDisplay {
  update(progress: SimulationProgress): void;
  stop(): void;
}

const LINE_INTERVAL_MS = 1000;

/** One line of progress, for logs and pipes. */
export function progressLine(progress: SimulationProgress): string {
  const ended = progress.completed + progress.failed;
  return (
    `${(progress.elapsedMs / 1000).toFixed(1)} s: sent ${progress.sent}/${progress.total}, ` +
    `completed ${progress.completed}, failed ${progress.failed}, in flight ${progress.sent - ended}`
  );
}

/** A progress bar on a terminal; elsewhere a plain line every second (a bar would fill a log with escapes). */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format: ' {bar} {percentage}% | {value}/{total} ended | sent {sent} | failed {failed} | {duration_formatted}',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress) {
        const payload = { sent: progress.sent, failed: progress.failed };
        if (!started) bar.start(progress.total, 0, payload);
        started = true;
        bar.update(progress.completed + progress.failed, payload);
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastAt = -Infinity;
  let last: SimulationProgress | undefined;
  return {
    update(progress) {
      last = progress;
      if (progress.elapsedMs - lastAt < LINE_INTERVAL_MS) return;
      lastAt = progress.elapsedMs;
      stream.write(`${progressLine(progress)}\n`);
    },
    stop() {
      if (last && last.elapsedMs !== lastAt) stream.write(`${progressLine(last)}\n`);
    },
  };
}
