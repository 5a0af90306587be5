import fc from 'fast-check';
import { hostileString, Labeled, labeled } from './hostile-values';

/** Percent-encodes the UTF-8 of `text` (a lone surrogate becomes U+FFFD, as a client library would send it). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent sequences that do not decode: truncated, not hex, or not UTF-8. */
const badPercent = fc.constantFrom('%', '%z', '%zz', '%E0%A4%A', '%C3%28', '%FF%FE', '%C0%AF', '%ED%A0%80', '%00', '%u0041', '%%41');

/** Hostile text as it may appear in a URL: percent-encoded, with undecodable escapes, or with raw reserved characters. */
const hostileUrlText: fc.Arbitrary<Labeled<string>> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(({ label, value }) => ({ label, value: percentEncode(value) })) },
  {
    weight: 2,
    arbitrary: labeled(
      'bad percent-encoding',
      fc.tuple(fc.string({ maxLength: 4 }).map(percentEncode), badPercent).map(([a, b]) => a + b),
    ),
  },
  {
    weight: 1,
    arbitrary: labeled(
      'raw reserved characters',
      fc.constantFrom('a/b', '..', '.', '..%2F..%2Fetc', '%2e%2e%2f', 'a;b=c', 'a,b', '@', ':', '$', '!', "'", '(', ')', '*', '+'),
    ),
  },
);

/** A path segment: one of `valid` most of the time, or a hostile one. */
export function segmentOf(valid: fc.Arbitrary<string>, validWeight = 3): fc.Arbitrary<Labeled<string> & { valid: boolean }> {
  return fc.oneof(
    { weight: validWeight, arbitrary: valid.map((value) => ({ label: 'valid id', value, valid: true })) },
    { weight: 3, arbitrary: hostileUrlText.map(({ label, value }) => ({ label: `path: ${label}`, value, valid: false })) },
  );
}

/**
 * A query string for an endpoint that reads `params`: valid values, one hostile value, repeated and
 * bracketed keys, prototype keys, undecodable escapes.
 */
export function queryOf(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Labeled<string>> {
  const names = Object.keys(params);
  const validPairs = names.length
    ? fc.subarray(names).chain((chosen) => fc.tuple(...chosen.map((name) => params[name].map((value) => `${name}=${percentEncode(value)}`))))
    : fc.constant([] as string[]);
  const name = names.length
    ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 }).map(percentEncode))
    : fc.string({ maxLength: 6 }).map(percentEncode);
  const hostilePair: fc.Arbitrary<Labeled<string>> = fc.oneof(
    fc.tuple(name, hostileUrlText).map(([key, { label, value }]) => ({ label: `query ${key}: ${label}`, value: `${key}=${value}` })),
    fc
      .tuple(name, fc.string({ maxLength: 5 }).map(percentEncode))
      .map(([key, value]) => ({ label: 'query: repeated key', value: `${key}=${value}&${key}=${value}x&${key}=` })),
    fc
      .tuple(name, fc.string({ maxLength: 5 }).map(percentEncode))
      .map(([key, value]) => ({ label: 'query: bracketed key', value: `${key}[a]=${value}&${key}[]=1&${key}[__proto__][x]=1` })),
    labeled('query: prototype keys', fc.constantFrom('__proto__=1', '__proto__[admin]=1', 'constructor[prototype][admin]=1', 'hasOwnProperty=1', 'toString=x')),
    labeled('query: odd separators', fc.constantFrom('&&&', '=', '==', 'a', ';a=1;b=2', '?a=1', '#frag', '&=1', 'a=1=2')),
    labeled(
      'query: huge',
      fc.constantFrom(2_000, 12_000).map((length) => `${names[0] ?? 'q'}=${'A'.repeat(length)}`),
    ),
    labeled('query: 500 parameters', fc.constant(Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&'))),
  );
  return fc.oneof(
    { weight: 2, arbitrary: validPairs.map((pairs) => ({ label: pairs.length ? 'valid query' : 'no query', value: pairs.join('&') })) },
    { weight: 3, arbitrary: fc.tuple(validPairs, hostilePair).map(([pairs, { label, value }]) => ({ label, value: [...pairs, value].join('&') })) },
  );
}

/** `path?query`, leaving out an empty query. */
export const withQuery = (path: string, query: string): string => (query ? `${path}?${query}` : path);
