#!/usr/bin/env node
// `npm start`: the orchestrator (HTTP API) and one worker, as two processes, for one machine, with a
// Redis of its own when none is there. In production run `npm run start:orchestrator` and
// `npm run start:worker` separately and scale the workers.
'use strict';
const { join } = require('node:path');
const { banner, textLine } = require('./console-view');
const { ServiceProcesses } = require('./service-processes');

const format = process.env.LOG_FORMAT ?? 'text';
if (format !== 'text' && format !== 'json') {
  process.stderr.write(`npm start: LOG_FORMAT must be text or json, not ${JSON.stringify(format)}\n`);
  process.exit(1);
}
// For machines, stdout carries the apps' JSON log alone; what a person reads goes to stderr.
const say = (text) => (format === 'json' ? process.stderr : process.stdout).write(`${text}\n`);

async function main() {
  const dir = join('.data', 'redis');
  // Until the banner is out, lines wait: the banner comes first, and what it already says is not repeated.
  let held = [];
  const show = (app, line) => {
    const text = textLine(app, line, service.warnings);
    if (text !== undefined) process.stdout.write(`${text}\n`);
  };
  const release = () => {
    for (const [app, line] of held ?? []) show(app, line);
    held = undefined;
  };
  const service = new ServiceProcesses({
    onOutput: format === 'json' ? (app, line) => process.stdout.write(`${line}\n`) : (app, line) => (held ? held.push([app, line]) : show(app, line)),
    redisDir: join(__dirname, '..', dir),
    say,
  });
  service.exited.then((code) => {
    release();
    process.exitCode = code;
  });
  await service.start();
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => service.stop(signal));
  const { scheme, port } = await service.listening;
  await service.workerReady;
  say(
    banner({
      scheme,
      port,
      devAdminKey: service.devAdminKey,
      warnings: [...service.warnings],
      redis: service.localRedis && { url: service.localRedis.url, dir },
    }),
  );
  release();
}

main().catch((error) => {
  // The orchestrator ended before it listened: it has said why on stderr.
  if (/before it listened/.test(error.message)) return;
  process.stderr.write(`npm start: ${error.message}\n`);
  process.exitCode = 1;
});
