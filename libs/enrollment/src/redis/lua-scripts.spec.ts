import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '../../../..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

const sources = (pattern: RegExp) => ['apps', 'libs', 'bench'].flatMap((dir) => filesUnder(join(root, dir), pattern));
const scripts = sources(/\.lua$/).map((path) => ({ name: relative(root, path), text: readFileSync(path, 'utf8') }));

// Commands whose first argument is not a key; every other command the scripts call takes a key first.
const KEYLESS = new Set(['TIME', 'PUBLISH', 'ECHO', 'PING']);
const indexes = (text: string, name: 'KEYS' | 'ARGV') => [...text.matchAll(new RegExp(`${name}\\[(\\d+)\\]`, 'g'))].map((match) => Number(match[1]));

describe('Redis scripts', () => {
  it('are found (one file per script, under apps/ and libs/)', () => {
    expect(scripts.length).toBeGreaterThan(10);
  });

  describe.each(scripts)('$name', ({ name, text }) => {
    const header = /^--\[\[([\s\S]*?)\]\]/.exec(text);
    const body = header ? text.slice(header[0].length) : text;

    it('is named <name>-<number of keys>.lua and starts with a header comment', () => {
      expect(name).toMatch(/\/[a-z][a-z0-9-]*-\d+\.lua$/);
      expect(header).not.toBeNull();
      expect(header![1]).toMatch(/Input:/);
      expect(header![1]).toMatch(/Output:/);
    });

    it('documents KEYS[1..n] exactly, and every ARGV[i] it uses', () => {
      const count = Number(/-(\d+)\.lua$/.exec(name)![1]);
      const keys = [...new Set(indexes(header![1], 'KEYS').filter((i) => new RegExp(`^\\s*KEYS\\[${i}\\]`, 'm').test(header![1])))];
      expect(keys.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(Math.max(0, ...indexes(body, 'KEYS'))).toBeLessThanOrEqual(count);
      const documented = new Set(indexes(header![1], 'ARGV'));
      expect(indexes(body, 'ARGV').filter((i) => !documented.has(i))).toEqual([]);
    });

    it('touches only keys passed in KEYS', () => {
      const calls = [...body.matchAll(/redis\.p?call\(\s*'(\w+)'\s*(?:,\s*([^,)]+))?/g)];
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
      const keyArguments = calls.filter(([, command]) => !KEYLESS.has(command.toUpperCase())).map(([, command, key]) => `${command} ${key?.trim()}`);
      expect(keyArguments.filter((call) => !/ KEYS\[\d+\]$/.test(call))).toEqual([]);
    });
  });

  it('are never written inline in TypeScript', () => {
    const inline = new RegExp(['redis', '\\.p?call\\(\\s*[\'"]'].join(''));
    const offenders = sources(/\.ts$/)
      .filter((path) => inline.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
