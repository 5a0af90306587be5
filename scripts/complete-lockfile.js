#!/usr/bin/env node
// Completes package-lock.json after `npm install` changed dependencies: `node scripts/complete-lockfile.js`.
// 1. Records the platform-specific optional packages of other operating systems (e.g.
//    @swc/core-darwin-arm64) that a registry mirror carrying only Linux builds leaves out. Without them
//    `npm ci` refuses the lock file as out of sync. npm skips these entries at install time on any
//    platform they do not match, exactly as it does with a lock file written against the full registry.
// 2. Gives every package its `resolved` tarball address and `integrity` hash, from the registry, where an
//    install left them out (a cache without them, or `omit-lockfile-registry-resolved`), so that
//    `npm ci` checks every tarball it installs against the hash it was locked with.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const path = join(__dirname, '..', 'package-lock.json');
const REGISTRY = 'https://registry.npmjs.org';
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix', 'netbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

/** Reads the os and cpu a platform package is for from its name, as these packages are named. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((candidate) => parts.includes(candidate) || (candidate === 'win32' && parts.includes('win')));
  const cpu = CPU.find((candidate) => parts.includes(candidate));
  return { ...(os && { os: [os] }), ...(cpu && { cpu: [cpu] }) };
}

function resolves(parentPath, name) {
  // Node's lookup: the parent's own node_modules, then each ancestor's, then the top level.
  let base = parentPath;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    const index = base.lastIndexOf('/node_modules/');
    if (base === '') return false;
    base = index === -1 ? '' : base.slice(0, index);
  }
}

let added = 0;
for (const [parentPath, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(parentPath, name) || !/^\d+\.\d+\.\d+/.test(spec)) continue;
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    packages[key] = { version: spec, optional: true, ...platformOf(name) };
    added++;
  }
}

/** The registry's tarball address and hash of one package version. */
async function distOf(name, version) {
  const response = await fetch(`${REGISTRY}/${name.replace('/', '%2f')}/${version}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${name}@${version}: the registry answered ${response.status}`);
  const { dist } = await response.json();
  if (!dist?.tarball || !dist?.integrity) throw new Error(`${name}@${version}: the registry gave no tarball or integrity`);
  return dist;
}

async function completeDist() {
  const missing = Object.entries(packages).filter(([key, entry]) => key !== '' && !entry.link && (!entry.resolved || !entry.integrity));
  for (let i = 0; i < missing.length; i += 16) {
    await Promise.all(
      missing.slice(i, i + 16).map(async ([key, entry]) => {
        const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
        const dist = await distOf(name, entry.version);
        // Keep the key order npm writes: name (of an alias), version, resolved, integrity, then the rest.
        const { name: alias, version, ...rest } = entry;
        packages[key] = { ...(alias && { name: alias }), version, resolved: dist.tarball, integrity: dist.integrity, ...rest };
      }),
    );
  }
  return missing.length;
}

completeDist().then((completed) => {
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`package-lock.json: recorded ${added} optional platform package(s) the registry did not list`);
  console.log(`package-lock.json: gave ${completed} package(s) their resolved address and integrity hash`);
});
