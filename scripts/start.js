#!/usr/bin/env node
// `npm start`: the orchestrator (HTTP API) and one worker, as two processes, for one machine.
// In production run `npm run start:orchestrator` and `npm run start:worker` separately and scale the workers.
'use strict';
const { ServiceProcesses } = require('./service-processes');

const service = new ServiceProcesses({ output: process.stdout }).start();
service.exited.then((code) => (process.exitCode = code));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => service.stop(signal));
