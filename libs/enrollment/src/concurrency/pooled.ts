/**
 * Runs `tasks` with at most `limit` at a time, each lane taking the next task as soon as its last one
 * finished, and keeps their order in the results. The first failure stops the lanes from taking more
 * tasks and is thrown once the running ones have ended.
 */
export async function pooled<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (!failed && next < tasks.length) {
        const index = next++;
        try {
          results[index] = await tasks[index]();
        } catch (error) {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- another lane may have failed while this one awaited
          if (!failed) failure = error;
          failed = true;
        }
      }
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the lanes set it
  if (failed) throw failure;
  return results;
}
