import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'winston';
import { APP_CONFIG, AppConfig, LOGGER } from '@app/enrollment';
import { BulkEnrollmentProcessor } from './bulk-enrollment/bulk-enrollment.processor';
import { DeviceManagementProcessor } from './device-management/device-management.processor';
import { WorkplaceJoinProcessor } from './workplace-join/workplace-join.processor';

/**
 * On SIGTERM/SIGINT: take no new jobs, let the running ones finish within SHUTDOWN_TIMEOUT_MS, then
 * close anyway. A job cut short keeps its lock only until it expires, when another worker takes it and
 * resumes after its last finished step; nothing is lost or done twice.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly workplaceJoin: WorkplaceJoinProcessor,
    private readonly bulkEnrollment: BulkEnrollmentProcessor,
    private readonly deviceManagement: DeviceManagementProcessor,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const workers = [this.workplaceJoin.worker, this.bulkEnrollment.worker, this.deviceManagement.worker];
    this.logger.info('worker stopping: draining running jobs', { signal, timeoutMs: this.config.worker.shutdownTimeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.worker.shutdownTimeoutMs);
    });
    const drained = Promise.all(workers.map((worker) => worker.close())).then(() => 'drained' as const);
    const outcome = await Promise.race([drained, deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn('worker stopping: jobs still running at the deadline are left to another worker');
      await Promise.all(workers.map((worker) => worker.close(true)));
    }
    this.logger.info('worker stopped', { outcome });
  }
}
