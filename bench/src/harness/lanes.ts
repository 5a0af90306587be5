/**
 * Runs `task(0..count-1)` with at most `lanes` in flight, each lane taking the next index as soon as
 * its last one finished; the first failure stops every lane and is thrown.
 */
export async function inLanes(count: number, lanes: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      while (failure === undefined && next < count) {
        const index = next++;
        try {
          await task(index);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure !== undefined) throw failure;
}
