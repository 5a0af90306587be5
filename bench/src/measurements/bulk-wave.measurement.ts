import { BenchContext } from '../bench-context';
import { formatLayout } from '../cli/layout';
import { familyTable, memoryByFamily } from '../harness/key-families';
import { RowKey } from '../report/row-keys';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/**
 * A wave of bulk-enrolling devices on a fresh service and an emptied Redis: how long it takes, and how
 * much Redis it leaves behind per device (`used_memory` after the wave minus before it).
 */
export const bulkWaveMeasurement: Measurement = {
  name: 'bulk-wave',
  title: 'Bulk wave and Redis memory',
  method: (context) =>
    `${context.sizes.waveDevices} devices of one provisioning package enroll in bulk, ${context.sizes.inFlight} in flight at once, ` +
    `through the simulator; the time is first POST → last completion. Each of the ${context.sizes.reps} run(s) has its own service ` +
    `on an emptied private Redis, warmed up with ${context.sizes.warmup} requests; Redis memory per device is (INFO memory ` +
    '`used_memory` after the wave − before it) ÷ devices, so it includes everything the wave left: directory, certificates, ' +
    "requests, events (per request, the device's list of its requests, and the global stream up to its cap), and BullMQ's retained completed jobs.",
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const layout = formatLayout(context.layout);
    let breakdown = '';
    const results = await repeat(context.sizes.reps, (rep) =>
      context.withFreshService(async (service, redis) => {
        await context.warmUp(service);
        const before = await redis.usedMemory();
        const report = await context.load(service, { enrollments: context.sizes.waveDevices, bulkShare: 1 });
        const after = await redis.usedMemory();
        const perDeviceKiB = (after - before) / report.completed / 1024;
        context.log(`bulk wave: ${(report.durationMs / 1000).toFixed(1)} s, ${perDeviceKiB.toFixed(2)} KiB per device`);
        if (rep === context.sizes.reps - 1) {
          const families = await memoryByFamily(redis.client, service.keys.root);
          breakdown =
            `Where the memory goes after the last wave (MEMORY USAGE of every key of the service, the warm-up's included, ` +
            `divided by the ${report.completed} wave devices):\n\n${familyTable(families, report.completed)}`;
        }
        return { seconds: report.durationMs / 1000, perDeviceKiB };
      }),
    );
    const seconds = results.map((result) => result.seconds);
    const memory = results.map((result) => result.perDeviceKiB);
    return {
      rows: [
        {
          key: RowKey.waveDuration,
          group: 'product',
          label: `Bulk wave of ${context.sizes.waveDevices.toLocaleString('en-US')} devices, first POST → last completion, ${layout}`,
          value: median(seconds),
          unit: 's',
          runs: seconds,
        },
        {
          key: RowKey.redisPerDevice,
          group: 'product',
          label: 'Redis memory per enrolled device (used_memory after − before the wave)',
          value: median(memory),
          unit: 'KiB',
          runs: memory,
        },
      ],
      observations: [breakdown],
    };
  },
};
