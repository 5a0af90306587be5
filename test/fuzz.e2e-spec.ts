import { join } from 'node:path';
import { OpensslWorkspace } from './support/openssl';
import { AppProcess, TestService } from './support/service';
import { errorLines, LogMarks, markLogs } from './fuzz/app-logs';
import { ENDPOINTS } from './fuzz/endpoints';
import { prepareFixtures } from './fuzz/fixtures';
import { TRUSTED_PROXY_CIDRS } from './fuzz/device-certificates';
import { checkState, ManagementSnapshot, settleAccepted } from './fuzz/invariants';
import { managementKeysOf } from './fuzz/managed-devices';
import { Observations } from './fuzz/observations';
import { renderReport, RunSummary, verdicts, writeReport } from './fuzz/report';
import { planCases, RunSettings, runCases } from './fuzz/runner';

/**
 * Property-based fuzzing of every endpoint of the built orchestrator and workers, over raw HTTP. `npm test`
 * runs a short pass; `npm run fuzz` a long one (FUZZ_RUNS=12000). Replay a run with its FUZZ_SEED, or one
 * input with FUZZ_ONLY='<endpoint>#<index>' (both printed in the report).
 */
const settings: RunSettings = {
  seed: Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31)),
  runs: Number(process.env.FUZZ_RUNS ?? 500),
  concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 8),
  slowMs: 5000,
  timeoutMs: 10_000,
  only: process.env.FUZZ_ONLY?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
};
const SETTLE_MS = Number(process.env.FUZZ_SETTLE_MS ?? 120_000);
const REPORT = join(__dirname, 'artifacts', 'fuzz-report.md');
const HOOK_SECRET = 'fuzz-sccm-hook-secret-0123456789abcdef';

describe('fuzz: hostile inputs on every endpoint (end to end)', () => {
  // X-Client-Certificate is heard from the fuzz client's 127.0.0.1 only (some inputs come from 127.0.0.2); a renewed
  // certificate's predecessor is revoked 5 s after, so that the run ends with one valid certificate per device.
  const service = new TestService('fuzz', { SCCM_HOOK_SECRET: HOOK_SECRET, TRUSTED_PROXY_CIDRS, CERT_RENEWAL_GRACE_S: '5' });
  const openssl = new OpensslWorkspace();
  const observations = new Observations();
  const exits: string[] = [];
  const names = new Map<AppProcess, string>();
  let summary: RunSummary | undefined;
  let stopping = false;

  beforeAll(async () => {
    process.stdout.write(`\nfuzz: seed ${settings.seed} (replay with FUZZ_SEED=${settings.seed} FUZZ_RUNS=${settings.runs}), ${settings.runs} inputs\n`);
    await service.start(2);
    names.set(service.orchestrator, 'orchestrator');
    service.workers.forEach((worker, i) => names.set(worker, `worker ${i + 1}`));
    for (const [app, name] of names) void app.exited.then((code) => stopping || exits.push(`${name} exited with ${code}`));

    const ctx = await prepareFixtures(service, openssl, settings.seed, HOOK_SECRET);
    const bystander: ManagementSnapshot = { deviceObjectId: ctx.managed.bystander.id, keys: await managementKeysOf(service, ctx.managed.bystander.id) };
    const marks: LogMarks = markLogs([...names.keys()]);
    const cases = planCases(ENDPOINTS, settings);
    const started = Date.now();
    const step = Math.max(1, Math.ceil(cases.length / 10));
    await runCases(cases, ctx, Number(new URL(service.baseUrl).port), settings, observations, {
      // With the orchestrator gone every later input would only count a refused connection.
      stopped: () => exits.some((exit) => exit.startsWith('orchestrator')),
      progress: (done) =>
        cases.length >= 2000 &&
        done % step === 0 &&
        process.stderr.write(`fuzz: ${done}/${cases.length} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`),
    });
    const settled = exits.some((exit) => exit.startsWith('orchestrator')) ? undefined : await settleAccepted(service, observations.accepted, SETTLE_MS);
    const state = settled ? await checkState(service, bystander) : undefined;
    summary = {
      seed: settings.seed,
      runs: settings.runs,
      concurrency: settings.concurrency,
      durationMs: Date.now() - started,
      observations,
      exits: [...exits],
      settled,
      state,
      logErrors: errorLines(marks, names),
    };
  }, 3_600_000);

  afterAll(async () => {
    stopping = true;
    if (summary) {
      const report = renderReport(summary);
      writeReport(REPORT, report);
      process.stdout.write(`\n${report}\nfuzz: report written to ${REPORT}\n`);
    }
    await service.stop();
    openssl.dispose();
  });

  const failed = (names: RegExp) =>
    verdicts(summary!)
      .filter((verdict) => names.test(verdict.name) && !verdict.ok)
      .map((verdict) => `${verdict.name}: ${verdict.value}`);

  it('answers no input with a 5xx', () => {
    expect(failed(/5xx/)).toEqual([]);
  });

  it('answers no caller without a valid device certificate as the device, and refuses it with 401 or 403', () => {
    expect(failed(/without a valid device certificate/)).toEqual([]);
  });

  it('keeps the orchestrator and both workers running', () => {
    expect(failed(/exits/)).toEqual([]);
  });

  it('answers every input within 5 s, and leaks no file or key', () => {
    expect(failed(/slower|leaking/)).toEqual([]);
  });

  it('finishes every accepted request, none with an unexpected error', () => {
    expect(summary!.settled).toBeDefined();
    expect(failed(/accepted|unexpected error/)).toEqual([]);
  });

  it('leaves no duplicate device, name or certificate, and a consistent directory', () => {
    expect(summary!.state).toBeDefined();
    const stateNames = new Set(summary!.state!.map((check) => check.name));
    expect(verdicts(summary!).filter((verdict) => stateNames.has(verdict.name) && !verdict.ok)).toEqual([]);
  });
});
