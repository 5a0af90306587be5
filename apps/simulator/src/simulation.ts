import { ApiClient } from './api-client';
import { CompletionWatcher } from './completion-watcher';
import { planDevices, SimulatedRequest, sendOrder } from './devices';
import { KeyPool } from './key-pool';
import { WindowsDmClient } from './mde2/management-client';
import { type ManagedWindowsDevice, runManagementSessions } from './mde2/management-phase';
import { Mde2Preparation, prepareMde2 } from './mde2/mde2-preparation';
import { DrsPreparation, prepareDrs } from './dvrj/drs-preparation';
import { Clock, systemClock } from './pacer';
import { BulkCredentials, createBulkCredentials, mintUserTokens } from './preparation';
import { SimulationRun } from './simulation-run';
import { BULK_PROTOCOLS, SimulationPlan, SimulationReport, WORKPLACE_PROTOCOLS } from './simulation.types';

export type { BulkProtocol, WorkplaceProtocol, SimulationPlan, SimulationProgress, SimulationReport, SimulatedFlow, LatencySummary } from './simulation.types';

const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs a plan against the orchestrator(s): makes the key pool, user tokens, bulk token and package
 * first, opens the completion stream, then measures from the first request sent to the last one ended.
 */
export async function runSimulation(plan: SimulationPlan, clock: Clock = systemClock): Promise<SimulationReport> {
  checkPlan(plan);
  const client = new ApiClient(plan.baseUrls);
  try {
    return await simulate(plan, client, clock);
  } finally {
    client.close();
  }
}

async function simulate(plan: SimulationPlan, client: ApiClient, clock: Clock): Promise<SimulationReport> {
  const devices = planDevices(plan);
  const keys = await KeyPool.create(plan.keyPoolSize ?? 16);
  const userTokens = await mintUserTokens(
    client,
    devices.joins.map((join) => join.upn),
  );
  const drs: DrsPreparation | undefined = plan.workplaceProtocol === 'dvrj' ? prepareDrs(devices, keys) : undefined;
  let bulk: BulkCredentials | undefined;
  let mde2: Mde2Preparation | undefined;
  if (devices.bulk.length > 0 && plan.bulkProtocol === 'mde2') {
    mde2 = await prepareMde2(client, plan.adminKey, devices.bulk.length, devices.tag, devices.domain, keys);
    bulk = mde2.credentials;
  } else if (devices.bulk.length > 0) {
    bulk = await createBulkCredentials(client, plan.adminKey, devices.bulk.length, devices.tag);
  }

  const run = new SimulationRun(
    {
      client,
      adminKey: plan.adminKey,
      clock,
      keys,
      userTokens,
      bulk,
      mde2,
      drs,
      domain: devices.domain,
      concurrency: plan.concurrency ?? 64,
      ratePerSecond: plan.ratePerSecond,
      timeoutMs: plan.timeoutMs ?? 120_000,
    },
    sendOrder(devices),
    devices.total,
  );
  // MS-MDE2 and MS-DVRJ devices learn their outcome in the answer; the event stream is only opened for requests that need it.
  const watcher =
    (devices.joins.length > 0 && !drs) || (devices.bulk.length > 0 && !mde2)
      ? new CompletionWatcher(plan.baseUrls[0], plan.adminKey, (event) => run.onTerminalEvent(event), clock)
      : undefined;
  await watcher?.open();

  const startedAt = clock.now();
  const progress = () =>
    plan.onProgress?.({
      total: devices.total,
      sent: run.sent,
      completed: run.tally.completed,
      failed: run.tally.failed,
      elapsedMs: Math.round(clock.now() - startedAt),
    });
  const ticker = setInterval(progress, PROGRESS_INTERVAL_MS);
  try {
    await run.run();
  } finally {
    clearInterval(ticker);
    run.dispose();
    await watcher?.close();
  }
  progress();

  const report: SimulationReport = {
    ...run.tally.report(run.firstSentAt),
    rateLimited: run.rateLimited,
    checkedAfterTimeout: run.checkedAfterTimeout,
    streamReconnects: watcher?.reconnects ?? 0,
    sample: await pickSample(client, plan.adminKey, run.succeeded),
  };
  if (mde2 && (plan.managementSessions || plan.onManagedDevices)) {
    const managed = run.enrolledOverMde2.map(({ index, management }): ManagedWindowsDevice => ({
      enrollment: management,
      privateKeyPem: keys.keyFor(index).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      deviceName: mde2.devices[index].identity.deviceName,
    }));
    plan.onManagedDevices?.(managed);
    if (plan.managementSessions) {
      const dmClients = managed.map((device) => new WindowsDmClient(client, device.enrollment, device.privateKeyPem, device.deviceName));
      const baseUrls = plan.baseUrls.length > 1 ? plan.baseUrls : undefined;
      report.management = await runManagementSessions(dmClients, plan.managementSessions, {
        concurrency: plan.concurrency ?? 64,
        clock,
        session: { baseUrls },
      });
    }
  }
  if (plan.ratePerSecond) {
    const sendingMs = (run.lastSentAt ?? 0) - (run.firstSentAt ?? 0);
    report.pacing = {
      targetPerSecond: plan.ratePerSecond,
      achievedPerSecond: sendingMs > 0 ? Math.round(((run.sent - 1) / sendingMs) * 10000) / 10 : 0,
      heldBackByConcurrency: run.heldBackByConcurrency,
    };
  }
  return report;
}

/** A device that is still registered when there is one (a join that did not leave, or a bulk device). */
async function pickSample(
  client: ApiClient,
  adminKey: string,
  succeeded: Array<{ request: SimulatedRequest; requestId: string }>,
): Promise<SimulationReport['sample']> {
  const kept = (request: SimulatedRequest) => (request.flow === 'workplace-join' && !request.leaves) || request.flow === 'bulk-enrollment';
  const candidates = [...succeeded.filter(({ request }) => kept(request)), ...succeeded.filter(({ request }) => !kept(request))];
  for (const { request, requestId } of candidates.slice(0, 5)) {
    const answer = await client.call<{ device?: { id?: unknown } }>('GET', `/v1/requests/${requestId}`, { bearer: adminKey }).catch(() => undefined);
    const deviceObjectId = answer?.body?.device?.id;
    if (typeof deviceObjectId === 'string') return { flow: request.flow, requestId, deviceObjectId };
  }
  return undefined;
}

/** Throws a RangeError naming the first option of the plan that cannot be run. */
export function checkPlan(plan: SimulationPlan): void {
  if (!plan.adminKey) throw new RangeError('an admin key is needed');
  if (plan.concurrency !== undefined && !(Number.isInteger(plan.concurrency) && plan.concurrency >= 1)) {
    throw new RangeError('concurrency must be a whole number of at least 1');
  }
  if (plan.timeoutMs !== undefined && !(plan.timeoutMs > 0)) throw new RangeError('timeoutMs must be more than 0');
  if (plan.ratePerSecond !== undefined && !(plan.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be more than 0');
  if (plan.bulkProtocol !== undefined && !BULK_PROTOCOLS.includes(plan.bulkProtocol)) {
    throw new RangeError(`bulkProtocol must be one of ${BULK_PROTOCOLS.join(', ')}`);
  }
  if (plan.workplaceProtocol !== undefined && !WORKPLACE_PROTOCOLS.includes(plan.workplaceProtocol)) {
    throw new RangeError(`workplaceProtocol must be one of ${WORKPLACE_PROTOCOLS.join(', ')}`);
  }
  if (plan.managementSessions !== undefined && !(Number.isInteger(plan.managementSessions) && plan.managementSessions >= 0)) {
    throw new RangeError('managementSessions must be a whole number');
  }
  if (plan.managementSessions && plan.bulkProtocol !== 'mde2')
    throw new RangeError('managementSessions needs bulkProtocol mde2: only MS-MDE2 devices are managed');
}
