import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { pooled } from '@app/enrollment/concurrency/pooled';
import type { DeviceCommand } from '@app/enrollment/management';
import { DEVICE_MANAGEMENT_QUEUE, type DeviceManagementQueue } from '@app/enrollment/queues/device-management.queue';
import { RedisKeys } from '@app/enrollment/redis/redis-keys';
import type { BenchContext } from '../bench-context';
import { CommandCounter } from '../harness/command-counter';
import type { BenchRow } from '../report/bench-row';
import { cpuTable } from '../report/cpu-table';
import { RowKey } from '../report/row-keys';
import { median } from '../stats/median';
import { type BareManagedDevice, QUEUED_GET } from './bare-management';
import { runBareManagement } from './bare-management-run';
import { bareManagementRepositories } from './bare-management-repositories';

const GET_TTL_MS = 3_600_000;

/**
 * The limit of management sessions: the same devices, sessions and queued Gets as the product's runs,
 * with only their Redis work, in this process, under a prefix of its own on the benchmark's Redis.
 */
export async function measureBareManagement(
  context: BenchContext,
  devices: readonly BareManagedDevice[],
): Promise<{ rows: BenchRow[]; observations: string[] }> {
  const redis = await context.redis();
  const keys = new RedisKeys(`bench-bare-mgmt-${randomBytes(4).toString('hex')}`);
  const client = new Redis(redis.url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const queue: DeviceManagementQueue = new Queue(DEVICE_MANAGEMENT_QUEUE, { connection: { url: redis.url }, prefix: keys.bullPrefix });
  try {
    const repositories = bareManagementRepositories(client, keys, queue);
    const { inFlight, managementSessions, reps } = context.sizes;
    await runBareManagement(repositories, devices, 1, inFlight);
    const meter = await context.cpuMeter([]);
    const commands = new CommandCounter(redis);
    const runs = { empty: [] as number[], get: [] as number[] };
    const cpu: Array<Array<{ name: string; cores: number }>> = [];
    for (let rep = 0; rep < reps; rep++) {
      meter.begin();
      await commands.begin();
      runs.empty.push((await runBareManagement(repositories, devices, managementSessions, inFlight)).perSecond);
      await commands.end();
      cpu.push(meter.end());
      let seconds = 0;
      for (let round = 0; round < managementSessions; round++) {
        const now = new Date();
        await pooled(
          devices.map((device) => () => repositories.commands.add(queuedGet(device.deviceObjectId, now))),
          inFlight,
        );
        const result = await runBareManagement(repositories, devices, 1, inFlight);
        seconds += result.sessions / result.perSecond;
      }
      runs.get.push((devices.length * managementSessions) / seconds);
      context.log(`bare management: ${runs.empty.at(-1)!.toFixed(1)} sessions/s empty, ${runs.get.at(-1)!.toFixed(1)}/s with one Get`);
    }
    const row = (key: string, label: string, values: number[]): BenchRow => ({
      key,
      group: 'limit',
      label,
      value: median(values),
      unit: 'sessions/s',
      runs: values,
    });
    return {
      rows: [
        row(RowKey.bareManagementEmpty, 'Bare management sessions/s, empty command list (Redis work alone, no HTTP)', runs.empty),
        row(RowKey.bareManagementGet, 'Bare management sessions/s, one Get each (Redis work alone, no HTTP)', runs.get),
      ],
      observations: [
        `CPU while the bare management sessions ran, empty command list (median over the runs):\n\n${cpuTable(cpu)}`,
        `Redis commands per bare management session, empty command list (all of the runs):\n\n${commands.table(devices.length * managementSessions * reps)}`,
      ],
    };
  } finally {
    await queue.close();
    client.disconnect();
  }
}

function queuedGet(deviceObjectId: string, now: Date): DeviceCommand {
  return {
    id: randomUUID(),
    deviceObjectId,
    ...QUEUED_GET,
    origin: 'admin',
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + GET_TTL_MS).toISOString(),
    deliveries: 0,
  };
}
