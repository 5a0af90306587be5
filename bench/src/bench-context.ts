import { BenchSizes } from './cli/bench-sizes';
import { formatLayout, Layout } from './cli/layout';
import { DeviceKey, makeDeviceKeys } from './fixtures/device-keys';
import { PrivateRedis } from './harness/private-redis';
import { CpuMeter } from './harness/process-cpu';
import { ServiceUnderTest } from './harness/service-under-test';
import { LoadPlan, simulate, SimulationReport } from './harness/simulation';

export interface BenchSettings {
  smoke: boolean;
  sizes: BenchSizes;
  /** The layout the product figures are measured with. */
  layout: Layout;
  /** With a directory, child processes run under `node --cpu-prof` and write their profiles there. */
  profileDir?: string;
}

/**
 * What the measurements share in one run: the private Redis, the device keys, and running services.
 * At most one service runs at a time unless a measurement asks for the shared one again, so that
 * idle processes of an earlier measurement do not take CPU from the next.
 */
export class BenchContext {
  private redisServer?: Promise<PrivateRedis>;
  private keys?: Promise<DeviceKey[]>;
  private shared?: { layout: string; service: Promise<ServiceUnderTest> };
  private readonly warmed = new WeakSet<ServiceUnderTest>();

  constructor(
    readonly settings: BenchSettings,
    readonly log: (message: string) => void,
  ) {}

  get sizes(): BenchSizes {
    return this.settings.sizes;
  }

  get layout(): Layout {
    return this.settings.layout;
  }

  /** Node options for the child processes of a measurement. */
  get nodeArgs(): string[] {
    return this.settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.settings.profileDir}`] : [];
  }

  redis(): Promise<PrivateRedis> {
    return (this.redisServer ??= PrivateRedis.start());
  }

  deviceKeys(): Promise<DeviceKey[]> {
    return (this.keys ??= makeDeviceKeys(this.sizes.deviceKeys));
  }

  /** A running service with this layout, started once and reused by measurements that only read it. */
  async sharedService(layout: Layout = this.layout): Promise<ServiceUnderTest> {
    const name = formatLayout(layout);
    if (this.shared?.layout !== name) {
      await this.stopShared();
      const redis = await this.redis();
      this.log(`starting the service (${name})`);
      this.shared = { layout: name, service: this.started(ServiceUnderTest.start({ redisUrl: redis.url, layout, nodeArgs: this.nodeArgs })) };
    }
    return this.shared.service;
  }

  /**
   * A service of its own on an emptied Redis, for measurements that fill the store (memory, seeding);
   * it is stopped when `use` returns.
   */
  async withFreshService<T>(use: (service: ServiceUnderTest, redis: PrivateRedis) => Promise<T>, layout: Layout = this.layout): Promise<T> {
    return this.withFreshServices(1, ([service], redis) => use(service, redis), layout);
  }

  /**
   * `count` services side by side on an emptied Redis, each under its own prefix, so that a measurement
   * can take turns between them and compare them under the same conditions; stopped when `use` returns.
   */
  async withFreshServices<T>(count: number, use: (services: ServiceUnderTest[], redis: PrivateRedis) => Promise<T>, layout: Layout = this.layout): Promise<T> {
    await this.stopShared();
    const redis = await this.redis();
    await redis.flush();
    const services: ServiceUnderTest[] = [];
    try {
      for (let i = 0; i < count; i++) {
        this.log(`starting a fresh service (${formatLayout(layout)})`);
        services.push(await this.started(ServiceUnderTest.start({ redisUrl: redis.url, layout, nodeArgs: this.nodeArgs })));
      }
      return await use(services, redis);
    } finally {
      for (const service of services) await this.stopped(service);
    }
  }

  private async started(starting: Promise<ServiceUnderTest>): Promise<ServiceUnderTest> {
    const began = Date.now();
    const service = await starting;
    this.log(`service ${service.describe()} ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    return service;
  }

  private async stopped(service: ServiceUnderTest): Promise<void> {
    const began = Date.now();
    // a profile is written when the process exits by itself
    await service.stop(this.settings.profileDir ? 30000 : undefined);
    this.log(`service ${service.describe()} stopped in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }

  /** Drives the service with the simulator, in flight and device keys as this run's sizes say unless given. */
  load(service: ServiceUnderTest, plan: Omit<LoadPlan, 'inFlight' | 'keyPoolSize'> & Partial<LoadPlan>): Promise<SimulationReport> {
    return simulate(service, { inFlight: this.sizes.inFlight, keyPoolSize: this.sizes.deviceKeys, ...plan });
  }

  /** Sends the warm-up load to a service once (JIT, connection pools, the CA loaded in every worker). */
  async warmUp(service: ServiceUnderTest): Promise<void> {
    if (this.warmed.has(service) || this.sizes.warmup === 0) return;
    const began = Date.now();
    await this.load(service, { enrollments: this.sizes.warmup });
    this.warmed.add(service);
    this.log(`warmed up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }

  /** The processes whose CPU the report shows: the service's (or the bare pipeline's), Redis, and this one. */
  async cpuMeter(processes: Array<{ name: string; pid: number }>): Promise<CpuMeter> {
    const redis = await this.redis();
    return new CpuMeter([...processes, { name: 'redis-server', pid: redis.pid }, { name: 'benchmark process (load generator)', pid: process.pid }]);
  }

  async stopShared(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    const service = await shared?.service.catch(() => undefined);
    if (service) await this.stopped(service);
  }

  async close(): Promise<void> {
    await this.stopShared();
    const redis = await this.redisServer?.catch(() => undefined);
    await redis?.stop();
  }
}
