/** How many processes of each app run on the machine, and how many jobs each worker runs at once. */
export interface Layout {
  orchestrators: number;
  workers: number;
  concurrency: number;
}

/**
 * The layout recommended for one 2-core machine, which the product figures use unless told otherwise:
 * two workers keep both cores busy with signing while the orchestrator's HTTP work interleaves.
 */
export const RECOMMENDED_LAYOUT = '1+2x32';

const LAYOUT = /^(\d+)\+(\d+)x(\d+)$/;

/** Parses `O+WxC`, e.g. `1+2x16`: 1 orchestrator, 2 workers of concurrency 16 each. */
export function parseLayout(text: string): Layout {
  const match = LAYOUT.exec(text.trim());
  if (!match) throw new Error(`layout '${text}' is not of the form O+WxC (e.g. 1+2x16: 1 orchestrator, 2 workers, concurrency 16)`);
  const [orchestrators, workers, concurrency] = match.slice(1).map(Number);
  if (orchestrators < 1 || workers < 1 || concurrency < 1) throw new Error(`layout '${text}' needs at least one of each`);
  return { orchestrators, workers, concurrency };
}

export function formatLayout(layout: Layout): string {
  return `${layout.orchestrators}+${layout.workers}x${layout.concurrency}`;
}

export function describeLayout(layout: Layout): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(layout.orchestrators, 'orchestrator')} + ${plural(layout.workers, 'worker')} (concurrency ${layout.concurrency} each)`;
}
