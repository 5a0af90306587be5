#!/usr/bin/env node
// `npm start`: the orchestrator (HTTP API) and one worker, as two processes, for one machine.
// The worker starts once the orchestrator is up, so a missing Redis is reported once, by the orchestrator.
// In production run `npm run start:orchestrator` and `npm run start:worker` separately and scale the workers.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const children = new Set();
let stopping = false;

function run(app) {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'main.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      stopping = true;
      for (const other of children) other.kill('SIGTERM');
      process.exitCode = code ?? (signal ? 1 : 0);
    }
  });
  return child;
}

const orchestrator = run('orchestrator');
let worker;
orchestrator.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!worker && !stopping && chunk.toString().includes('"orchestrator listening"')) {
    worker = run('worker');
    worker.stdout.pipe(process.stdout);
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) child.kill(signal);
  });
}
