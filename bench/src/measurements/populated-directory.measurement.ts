import { BenchContext } from '../bench-context';
import { formatLayout } from '../cli/layout';
import { formatNumber } from '../report/number-format';
import { RowKey } from '../report/row-keys';
import { seedDirectory } from '../seeding/directory-seeder';
import { median, repeat } from '../stats/median';
import { Measurement, MeasurementOutcome } from './measurement';

/** Does a full directory slow enrollment down? The same load before and after seeding it, on one service. */
export const populatedDirectoryMeasurement: Measurement = {
  name: 'populated-directory',
  title: 'Throughput with a populated directory',
  method: (context) =>
    `Two fresh services side by side on one emptied Redis (own prefixes, same layout, only one of them under load at a time). ` +
    `The directory of one is seeded with ${context.sizes.seededDevices.toLocaleString('en-US')} devices (half Workplace, half bulk) ` +
    "written straight into Redis with the service's own `RedisDeviceRepository` (register script, indexes, name claims); the other " +
    `keeps an empty one (only what the warm-up and the runs add). Both are warmed up, then they take turns: ${context.sizes.reps} ` +
    `throughput run(s) of ${context.sizes.populatedEnrollments} requests each (both flows, ${context.sizes.inFlight} in flight), ` +
    "empty first, so that drift in the machine's state affects both alike.",
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const layout = formatLayout(context.layout);
    return context.withFreshServices(2, async ([empty, populated], redis) => {
      const seeding = await seedDirectory(redis.client, populated.prefix, context.sizes.seededDevices);
      context.log(`seeded ${context.sizes.seededDevices} devices in ${seeding.seconds.toFixed(1)} s`);
      await context.warmUp(empty);
      await context.warmUp(populated);
      const load = async (service: typeof empty) => (await context.load(service, { enrollments: context.sizes.populatedEnrollments })).throughputPerSecond;
      const pairs = await repeat(context.sizes.reps, async () => {
        const pair = { empty: await load(empty), populated: await load(populated) };
        context.log(`empty directory ${pair.empty.toFixed(1)}, populated ${pair.populated.toFixed(1)} enrollments/s`);
        return pair;
      });
      const directorySize = await redis.client.zcard(populated.keys.deviceList);
      const emptyRuns = pairs.map((pair) => pair.empty);
      const populatedRuns = pairs.map((pair) => pair.populated);
      return {
        rows: [
          {
            key: RowKey.throughputEmpty,
            group: 'product',
            label: `End-to-end enrollments/s, empty directory, ${layout}`,
            value: median(emptyRuns),
            unit: 'enrollments/s',
            runs: emptyRuns,
          },
          {
            key: RowKey.throughputPopulated,
            group: 'product',
            label: `End-to-end enrollments/s, ${context.sizes.seededDevices.toLocaleString('en-US')} devices seeded in the directory, ${layout}`,
            value: median(populatedRuns),
            unit: 'enrollments/s',
            runs: populatedRuns,
          },
        ],
        observations: [
          `Seeding ${context.sizes.seededDevices.toLocaleString('en-US')} devices took ${formatNumber(seeding.seconds)} s ` +
            `(${formatNumber(context.sizes.seededDevices / seeding.seconds)} devices/s); at the end the seeded directory held ` +
            `${directorySize.toLocaleString('en-US')} devices.`,
        ],
      };
    });
  },
};
