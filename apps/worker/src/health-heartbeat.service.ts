import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Logger } from 'winston';
import type { RedisClient } from '@app/enrollment';
import { APP_CONFIG, AppConfig, LOGGER, REDIS } from '@app/enrollment';
import { BulkEnrollmentProcessor } from './bulk-enrollment/bulk-enrollment.processor';
import { DeviceManagementProcessor } from './device-management/device-management.processor';
import { WorkplaceJoinProcessor } from './workplace-join/workplace-join.processor';

/** How often the worker says it is healthy; a container healthcheck allows three times this. */
export const HEARTBEAT_MS = 10_000;

/**
 * A worker has no HTTP port to probe. With WORKER_HEALTH_FILE set, it writes the time to that file every
 * HEARTBEAT_MS while all its queue workers run and Redis answers, so that a container healthcheck can
 * tell a working worker from a stuck one by how fresh the file is. The file is removed at shutdown.
 */
@Injectable()
export class HealthHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private beating: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly workplaceJoin: WorkplaceJoinProcessor,
    private readonly bulkEnrollment: BulkEnrollmentProcessor,
    private readonly deviceManagement: DeviceManagementProcessor,
  ) {}

  onApplicationBootstrap(): void {
    const path = this.config.worker.healthFile;
    if (!path) return;
    const beat = () => (this.beating = this.beating.then(() => this.beat(path)));
    void beat();
    this.timer = setInterval(() => void beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    // A beat still under way would write the file again after it is removed.
    await this.beating;
    const path = this.config.worker.healthFile;
    if (path) await Promise.all([rm(path, { force: true }), rm(`${path}.tmp`, { force: true })]);
  }

  private async beat(path: string): Promise<void> {
    try {
      const running = [this.workplaceJoin.worker, this.bulkEnrollment.worker, this.deviceManagement.worker].every((worker) => worker.isRunning());
      if (!running) return;
      // A PING that answers at all is a reachable Redis (a failure rejects).
      await this.redis.ping();
      if (!this.stopped) {
        // Written aside and renamed, so that a healthcheck never reads a half-written (empty) file.
        await writeFile(`${path}.tmp`, new Date().toISOString());
        await rename(`${path}.tmp`, path);
      }
    } catch (error) {
      this.logger.warn('health heartbeat missed', { reason: (error as Error).message });
    }
  }
}
