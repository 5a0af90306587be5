#!/usr/bin/env node
// Builds the apps a command runs (`node scripts/build.js orchestrator worker`; all five without names),
// and of those only the ones whose sources changed since their last build: each build leaves a hash of
// its inputs beside its output, and an app whose inputs hash the same is not built again.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const OUTPUT = {
  orchestrator: 'dist/apps/orchestrator',
  worker: 'dist/apps/worker',
  enrollctl: 'dist/apps/enrollctl',
  simulator: 'dist/apps/simulator',
  bench: 'dist/bench',
};
// Every app may import from libs/ and from the other apps' sources (bench runs the simulator), so all
// of them are inputs of each; specs and test fixtures are not built into any.
const SOURCES = ['apps', 'libs', 'bench'];
// Sources are every file under them, so the Redis scripts (`.lua`) count as well as the TypeScript.
const CONFIG = ['package-lock.json', 'tsconfig.json', 'nest-cli.json', 'webpack.config.js'];

function sourceFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(spec\.ts|e2e-spec\.ts)$/.test(entry.name) ? [] : [path];
  });
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const path of [...CONFIG, ...SOURCES.flatMap(sourceFiles)].sort()) {
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(root, path)))
      .update('\0');
  }
  return hash.digest('hex');
}

const requested = process.argv.slice(2);
const unknown = requested.filter((app) => !(app in OUTPUT));
if (unknown.length > 0) {
  process.stderr.write(`build: no app named ${unknown.join(', ')} (there are ${Object.keys(OUTPUT).join(', ')})\n`);
  process.exit(1);
}
const apps = requested.length > 0 ? requested : Object.keys(OUTPUT);
const hash = inputsHash();
const stampOf = (app) => join(root, OUTPUT[app], '.inputs-sha256');
const stale = apps.filter((app) => !existsSync(join(root, OUTPUT[app], 'main.js')) || !existsSync(stampOf(app)) || readFileSync(stampOf(app), 'utf8') !== hash);

for (const app of stale) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(join(root, OUTPUT[app]), { recursive: true });
  writeFileSync(stampOf(app), hash);
  process.stdout.write(`build: ${app} built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
if (stale.length < apps.length) {
  const current = apps.filter((app) => !stale.includes(app));
  process.stdout.write(`build: ${current.join(', ')} up to date (${relative(process.cwd(), join(root, 'dist')) || 'dist'})\n`);
}
