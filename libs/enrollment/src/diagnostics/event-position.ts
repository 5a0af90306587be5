/**
 * A position in the global event log: the Redis stream id of an entry, `<ms>-<seq>`, each part a
 * 64-bit unsigned number. Clients send it back as Last-Event-ID.
 */
const POSITION = /^(\d{1,20})-(\d{1,20})$/;
const MAX_PART = 2n ** 64n - 1n;

/** Whether `value` is a position Redis would accept (anything else would make XRANGE fail). */
export function isEventPosition(value: string | undefined): value is string {
  const parts = POSITION.exec(value ?? '');
  return parts !== null && BigInt(parts[1]) <= MAX_PART && BigInt(parts[2]) <= MAX_PART;
}

/** Negative, zero or positive as `a` comes before, at or after `b` in the log. */
export function comparePositions(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
