#!/usr/bin/env node
// `npm run demo`: starts the service as `npm start` does, runs the device simulator on a few hundred
// devices (Windows 7 PCs joining and leaving, Windows 10 devices enrolling in bulk), then says where to
// look, and keeps the service running until Ctrl-C.
// DEMO_SCALE (default 1: 50 PCs × 3 users, a fifth of them leaving, 200 bulk devices) makes it smaller or bigger.
'use strict';
const { createWriteStream } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ServiceProcesses } = require('./service-processes');
const { runSimulation, createProgressDisplay, formatReport } = require('../dist/apps/simulator/main.js');

const scale = Number(process.env.DEMO_SCALE ?? '1');
if (!(scale > 0) || !Number.isFinite(scale)) {
  process.stderr.write(`demo: DEMO_SCALE must be a number above 0 (e.g. 0.1 or 2), not ${JSON.stringify(process.env.DEMO_SCALE)}\n`);
  process.exit(1);
}

// The apps' JSON log goes to a file: hundreds of requests would bury the progress and the summary.
const logPath = join(tmpdir(), `enrollment-demo-${process.pid}.log`);
const log = createWriteStream(logPath);
let service;
let stopping = false;
let up = false;
let failed = false;

main().catch((error) => {
  if (stopping) return;
  process.stderr.write(`\ndemo: ${error.message}\n`);
  stopping = true;
  failed = true;
  service?.stop('SIGTERM');
});

async function main() {
  service = new ServiceProcesses({
    onOutput: (app, line) => log.write(`${line}\n`),
    redisDir: join(__dirname, '..', '.data', 'redis'),
    say: (line) => process.stdout.write(`${line}\n`),
  });
  service.exited.then((code) => {
    // Before it was up, main() says why it could not start.
    if (!stopping && up) process.stderr.write(`\ndemo: the service stopped (see ${logPath})\n`);
    log.end(() => process.exit(failed ? 1 : code));
  });
  await service.start();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (!stopping) process.stdout.write('\nStopping the service...\n');
      stopping = true;
      service.stop(signal);
    });
  }
  const { scheme, port } = await service.listening;
  up = true;
  await service.workerReady;
  const base = `${scheme}://localhost:${port}`;
  const adminKey = service.devAdminKey ?? firstConfiguredKey();
  if (!adminKey) throw new Error('no admin key: the orchestrator made none and ADMIN_API_KEYS is empty');
  for (const warning of service.warnings) process.stdout.write(`Development mode: ${warning}\n`);

  const plan = {
    pcs: Math.max(1, Math.round(50 * scale)),
    usersPerPc: 3,
    leaveRatio: 0.2,
    bulkDevices: Math.max(1, Math.round(200 * scale)),
  };
  process.stdout.write(
    `\nService on ${base} (log: ${logPath}).\n` +
      `Simulating ${plan.pcs} Windows 7 PCs × ${plan.usersPerPc} users (Workplace Join, a fifth of them leaving again) ` +
      `and ${plan.bulkDevices} Windows 10 devices (bulk enrollment)...\n`,
  );
  const display = createProgressDisplay(process.stderr);
  let report;
  try {
    // Over HTTPS, by the name the certificate carries (a private CA's root goes in NODE_EXTRA_CA_CERTS).
    report = await runSimulation({
      ...plan,
      baseUrls: [scheme === 'https' ? base : `http://127.0.0.1:${port}`],
      adminKey,
      onProgress: (progress) => display.update(progress),
    });
  } finally {
    display.stop();
  }
  if (stopping) return;
  process.stdout.write(`\n${formatReport(report)}\n\n`);
  printWhereToLook(base, adminKey === service.devAdminKey ? adminKey : undefined, report.sample);
}

function printWhereToLook(base, devKey, sample) {
  const lines = ['Where to look (the service keeps running; Ctrl-C stops it):', ''];
  lines.push(devKey ? `  ADMIN=${devKey}` : '  ADMIN=<one of your ADMIN_API_KEYS>');
  lines.push(`  Bull Board:     ${base}/admin/queues   (sign in with any user name and the admin key as the password)`);
  if (sample) {
    lines.push(`  Device events:  curl -s "${base}/v1/devices/${sample.deviceObjectId}/events?format=xml" -H "authorization: Bearer $ADMIN"`);
    lines.push(`  Its request:    curl -s "${base}/v1/requests/${sample.requestId}" -H "authorization: Bearer $ADMIN"`);
  }
  lines.push(`  Live events:    curl -sN "${base}/v1/events/stream?format=xml" -H "authorization: Bearer $ADMIN"`);
  lines.push(`  More devices:   ENROLLCTL_ADMIN_KEY=$ADMIN npm run simulate -- --url ${base} --pcs 10 --bulk 20`);
  lines.push(`  Devices:        curl -s "${base}/v1/devices?trustType=AzureAd&limit=5" -H "authorization: Bearer $ADMIN"`);
  lines.push(`  API docs:       ${base}/docs`);
  lines.push(`  Metrics:        ${base}/metrics`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function firstConfiguredKey() {
  return (process.env.ADMIN_API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean)[0];
}
