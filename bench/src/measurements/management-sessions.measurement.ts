import { ApiClient } from '../../../apps/simulator/src/api-client';
import { WindowsDmClient } from '../../../apps/simulator/src/mde2/management-client';
import { type ManagedWindowsDevice, type ManagementReport, runManagementSessions } from '../../../apps/simulator/src/mde2/management-phase';
import { systemClock } from '../../../apps/simulator/src/pacer';
import { pooled } from '@app/enrollment/concurrency/pooled';
import { BenchContext } from '../bench-context';
import { QUEUED_GET } from '../bare/bare-management';
import { describeLayout, formatLayout } from '../cli/layout';
import { deviceObjectIdOf } from '../fixtures/device-object-id';
import type { ServiceUnderTest } from '../harness/service-under-test';
import type { BenchRow } from '../report/bench-row';
import { cpuTable } from '../report/cpu-table';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { median } from '../stats/median';
import { measureBareManagement } from '../bare/bare-management-measure';
import { Measurement, MeasurementOutcome } from './measurement';

type Cpu = Array<{ name: string; cores: number }>;

/** Windows-shaped devices checking in over OMA-DM, with nothing to do and with one admin Get each, against the same Redis work alone. */
export const managementSessionsMeasurement: Measurement = {
  name: 'management-sessions',
  title: 'Management sessions (OMA-DM)',
  method: (context) =>
    `${context.sizes.managementDevices} devices enroll over MS-MDE2 once, before anything is timed, and open one session each ` +
    "(the server's inventory of a new device). Then, per repetition, each device opens " +
    `${context.sizes.managementSessions} session(s) with an empty command list (package 1 with Alert 1201, the LoginStatus ` +
    'alert and the DevInfo Replace, answered Final with Statuses only), and in another run as many rounds in which an admin ' +
    `\`Get\` of \`${QUEUED_GET.target}\` is first queued for every device with \`POST /v1/devices/{id}/commands\` (not timed), and ` +
    'then each device opens one session: package 1, the Get carried out, its Status and Results sent back, and the Final answer. ' +
    `At most ${context.sizes.inFlight} devices are in a session at once; a session counts only if the server answered every ` +
    'command with a correctly addressed Status. The device certificate goes in `X-Client-Certificate`, from a trusted proxy ' +
    `address. Layout ${describeLayout(context.layout)}; sessions ÷ (first session opened → last one ended). The limit does ` +
    "the same sessions' Redis work in this process, through the product's management repositories on an auto-pipelined " +
    'client: the session state and the due commands read, the state written, the commands marked sent and the record job ' +
    "added to the device-management queue, then what the worker records (the check-in and the Get's outcome); no HTTP, SyncML or session logic.",
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const service = await context.sharedService();
    await context.warmUp(service);
    let managed: ManagedWindowsDevice[] = [];
    await context.load(service, {
      enrollments: context.sizes.managementDevices,
      bulkShare: 1,
      bulkProtocol: 'mde2',
      onManagedDevices: (devices) => (managed = devices),
    });
    if (managed.length !== context.sizes.managementDevices) throw new Error(`${managed.length} of ${context.sizes.managementDevices} devices can be managed`);
    const product = await measureProduct(context, service, managed);
    const bare = await measureBareManagement(
      context,
      managed.map((device) => ({ deviceObjectId: deviceObjectIdOf(device.enrollment.certificatePem), mdmDeviceId: device.enrollment.deviceId })),
    );
    return { rows: [...product.rows, ...bare.rows], observations: [...product.observations, ...bare.observations] };
  },
};

async function measureProduct(
  context: BenchContext,
  service: ServiceUnderTest,
  managed: ManagedWindowsDevice[],
): Promise<{ rows: BenchRow[]; observations: string[] }> {
  const client = new ApiClient(service.baseUrls);
  try {
    const devices = managed.map((device) => new WindowsDmClient(client, device.enrollment, device.privateKeyPem, device.deviceName));
    const session = { baseUrls: service.baseUrls.length > 1 ? service.baseUrls : undefined };
    const sessions = async (each: number) => {
      const report = await runManagementSessions(devices, each, { concurrency: context.sizes.inFlight, clock: systemClock, session });
      if (report.failed > 0)
        throw new Error(`${report.failed} of ${report.sessions} management sessions failed (first: ${JSON.stringify(report.failures[0])})`);
      return report;
    };
    await sessions(1);
    const meter = await context.cpuMeter(service.processes);
    const runs = { empty: [] as number[], get: [] as number[] };
    const cpu = { empty: [] as Cpu[], get: [] as Cpu[] };
    const latencies = { empty: [] as ManagementReport[], get: [] as ManagementReport[] };
    for (let rep = 0; rep < context.sizes.reps; rep++) {
      meter.begin();
      const empty = await sessions(context.sizes.managementSessions);
      cpu.empty.push(meter.end());
      if (empty.commandsExecuted > 0) throw new Error(`the server sent ${empty.commandsExecuted} commands to devices that had none queued`);
      runs.empty.push(empty.sessionsPerSecond);
      latencies.empty.push(empty);
      let completed = 0;
      let durationMs = 0;
      for (let round = 0; round < context.sizes.managementSessions; round++) {
        await queueGets(client, service, managed, context.sizes.inFlight);
        meter.begin();
        const withGet = await sessions(1);
        cpu.get.push(meter.end());
        if (withGet.commandsExecuted !== withGet.sessions)
          throw new Error(`${withGet.commandsExecuted} commands carried out in ${withGet.sessions} sessions, one each expected`);
        completed += withGet.completed;
        durationMs += withGet.durationMs;
        latencies.get.push(withGet);
      }
      runs.get.push((completed / durationMs) * 1000);
      context.log(`management sessions: ${empty.sessionsPerSecond.toFixed(1)}/s empty, ${runs.get.at(-1)!.toFixed(1)}/s with one Get`);
    }
    const row = (key: string, label: string, values: number[]): BenchRow => ({
      key,
      group: 'product',
      label: `${label}, layout ${formatLayout(context.layout)}`,
      value: median(values),
      unit: 'sessions/s',
      runs: values,
    });
    const latency = (reports: ManagementReport[]) =>
      `p50 ${formatNumber(median(reports.map((r) => r.latencyMs.p50)))} ms, p99 ${formatNumber(median(reports.map((r) => r.latencyMs.p99)))} ms`;
    return {
      rows: [
        row(RowKey.managementSessionsEmpty, 'Management sessions/s, empty command list', runs.empty),
        row(RowKey.managementSessionsGet, 'Management sessions/s, one admin Get each', runs.get),
      ],
      observations: [
        `Management sessions, empty command list: session latency ${latency(latencies.empty)} (medians over the runs). CPU while the devices checked in:\n\n${cpuTable(cpu.empty)}`,
        `Management sessions with one Get each: session latency ${latency(latencies.get)}. CPU while the devices checked in:\n\n${cpuTable(cpu.get)}`,
      ],
    };
  } finally {
    client.close();
  }
}

/** Queues the admin Get for every device, as an administrator would, before a timed round. */
async function queueGets(client: ApiClient, service: ServiceUnderTest, managed: ManagedWindowsDevice[], inFlight: number): Promise<void> {
  const tasks = managed.map((device) => async () => {
    const id = deviceObjectIdOf(device.enrollment.certificatePem);
    const answer = await client.call('POST', `/v1/devices/${id}/commands`, { bearer: service.adminKey, body: QUEUED_GET });
    if (answer.status !== 201 && answer.status !== 202) throw new Error(`POST /v1/devices/${id}/commands answered ${answer.status}`);
  });
  await pooled(tasks, inFlight);
}
