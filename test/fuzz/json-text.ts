/**
 * A piece of JSON text kept as it is when a body is written: numbers JSON.stringify cannot spell (`1e999`,
 * `-0`), duplicate keys, and nestings too deep for a recursive JSON.stringify in the fuzzer itself.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Own-property `__proto__` (and friends) survive, as JSON.parse on the server would make them. */
export function withKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** JSON text of a body whose leaves may be RawJson; plain values go through JSON.stringify. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value).map((key) => `${JSON.stringify(key)}:${toJsonText((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify gives undefined for undefined and functions; its type leaves that out
  return JSON.stringify(value) ?? 'null';
}

/** `depth` nested arrays around `inner`, as text (no recursion). */
export function nestedArrays(depth: number, inner = ''): RawJson {
  return new RawJson(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`);
}

/** `depth` nested objects `{"a":{"a":…}}`, as text. */
export function nestedObjects(depth: number, key = 'a'): RawJson {
  return new RawJson(`${`{${JSON.stringify(key)}:`.repeat(depth)}null${'}'.repeat(depth)}`);
}
