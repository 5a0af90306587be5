import type Redis from 'ioredis';
import { markdownTable } from '../report/markdown-table';
import { formatBytes } from '../report/number-format';

const ID_LIKE = /^[0-9a-f-]{16,}$|\d{3,}|[@|]/i;

/**
 * What kind of key this is, ids taken out: `{p}:dir:device:<uuid>` → `dir:device:*`,
 * `{p}:bull:bulk-enrollment:<job id>` → `bull:bulk-enrollment:*`, `{p}:events:stream` stays.
 */
export function keyFamily(key: string, root: string): string {
  const rest = key.startsWith(`${root}:`) ? key.slice(root.length + 1) : key;
  const family: string[] = [];
  for (const segment of rest.split(':')) {
    if (ID_LIKE.test(segment)) {
      family.push('*');
      break;
    }
    family.push(segment);
  }
  return family.join(':');
}

/** Bytes per key family under `root` (MEMORY USAGE of every key), largest first. */
export async function memoryByFamily(redis: Redis, root: string): Promise<Array<{ family: string; keys: number; bytes: number }>> {
  const totals = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${root}:*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key);
    const sizes = (await pipeline.exec()) ?? [];
    batch.forEach((key, index) => {
      const family = keyFamily(key, root);
      const total = totals.get(family) ?? { keys: 0, bytes: 0 };
      total.keys++;
      total.bytes += Number(sizes[index]?.[1] ?? 0);
      totals.set(family, total);
    });
  } while (cursor !== '0');
  return [...totals.entries()].map(([family, total]) => ({ family, ...total })).sort((a, b) => b.bytes - a.bytes);
}

/** The families as a table, per device enrolled. */
export function familyTable(families: Array<{ family: string; keys: number; bytes: number }>, devices: number, top = 12): string {
  return markdownTable(
    ['Keys', 'Count', 'Total', 'Per device'],
    families
      .slice(0, top)
      .map((entry) => [`\`${entry.family}\``, String(entry.keys), formatBytes(entry.bytes), formatBytes(Math.round(entry.bytes / devices))]),
    ['left', 'right', 'right', 'right'],
  );
}
