import { Presets, SingleBar } from 'cli-progress';

/** How far an import got: a bar on a terminal, one plain line per batch otherwise (logs, CI). */
export interface ImportProgress {
  start(total: number): void;
  advance(done: number): void;
  stop(): void;
}

export function importProgress(stderr: NodeJS.WriteStream = process.stderr): ImportProgress {
  return stderr.isTTY ? barProgress(stderr) : lineProgress((line) => stderr.write(`${line}\n`));
}

export function lineProgress(write: (line: string) => void): ImportProgress {
  let total = 0;
  return {
    start: (count) => {
      total = count;
    },
    advance: (done) => write(`imported ${done}/${total}`),
    stop: () => undefined,
  };
}

function barProgress(stream: NodeJS.WriteStream): ImportProgress {
  const bar = new SingleBar(
    { stream, format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0),
    advance: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
