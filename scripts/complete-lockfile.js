#!/usr/bin/env node
// Records, in package-lock.json, the platform-specific optional packages of other operating systems
// (e.g. @swc/core-darwin-arm64) that a registry mirror carrying only Linux builds leaves out. Without
// them `npm ci` refuses the lock file as out of sync. npm skips these entries at install time on any
// platform they do not match, exactly as it does with a lock file written against the full registry.
// Run after `npm install` changes dependencies: `node scripts/complete-lockfile.js`.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const path = join(__dirname, '..', 'package-lock.json');
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

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform package(s) the registry did not list`);
