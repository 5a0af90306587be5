import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
}

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const installed = Object.entries(lock.packages).filter(([key, entry]) => key !== '' && !entry.link);

  it('gives every package the address and hash npm ci checks its tarball against', () => {
    const unverifiable = installed.filter(([, entry]) => !entry.resolved || !entry.integrity).map(([key]) => key);
    expect(unverifiable).toEqual([]);
  });

  it('takes every tarball from the public registry over HTTPS, hashed with SHA-512', () => {
    const elsewhere = installed.filter(([, entry]) => !entry.resolved!.startsWith('https://registry.npmjs.org/')).map(([key]) => key);
    const weak = installed.filter(([, entry]) => !entry.integrity!.startsWith('sha512-')).map(([key]) => key);
    expect({ elsewhere, weak }).toEqual({ elsewhere: [], weak: [] });
  });
});
