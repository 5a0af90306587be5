import { BullModule, Processor } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import type { Logger } from 'winston';
import {
  AppConfig,
  BULK_ENROLLMENT_QUEUE,
  DEVICE_MANAGEMENT_QUEUE,
  BULL_CONNECTION,
  EnrollmentModule,
  IdentityPolicy,
  JwksSource,
  RedisKeys,
  WORKPLACE_JOIN_QUEUE,
} from '@app/enrollment';
import { BulkEnrollmentFlows } from './bulk-enrollment/bulk-enrollment.flows';
import { BulkEnrollmentProcessor } from './bulk-enrollment/bulk-enrollment.processor';
import { AuthenticateBulkTokenStep } from './bulk-enrollment/steps/authenticate-bulk-token.step';
import { EnrollMdmStep } from './bulk-enrollment/steps/enroll-mdm.step';
import { JoinDirectoryStep } from './bulk-enrollment/steps/join-directory.step';
import { ResolveNameStep } from './bulk-enrollment/steps/resolve-name.step';
import { ActivityJournal } from './device-management/activity-journal';
import { DeviceManagementProcessor } from './device-management/device-management.processor';
import { DeviceUnenrollment } from './device-management/device-unenrollment.service';
import { RecordSessionHandler } from './device-management/record-session.handler';
import { RevokeRenewedCertificateHandler } from './device-management/revoke-renewed-certificate.handler';
import { FlowRunner } from './flow/flow-runner';
import { GracefulShutdown } from './graceful-shutdown.service';
import { HealthHeartbeat } from './health-heartbeat.service';
import { AuthenticateStep } from './workplace-join/steps/authenticate.step';
import { MAX_STALLED_COUNT } from './flow/abandoned-job';
import { IssueCertificateStep } from './shared/issue-certificate.step';
import { RegisterDeviceStep } from './workplace-join/steps/register-device.step';
import { RemoveDeviceStep } from './workplace-join/steps/remove-device.step';
import { RevokeCertificateStep } from './workplace-join/steps/revoke-certificate.step';
import { WorkplaceJoinFlows } from './workplace-join/workplace-join.flows';
import { WorkplaceJoinProcessor } from './workplace-join/workplace-join.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const keys = new RedisKeys(config.redis.prefix);
    // Worker options come from configuration, so the processor is declared here rather than by a static decorator.
    const workerOptions = {
      concurrency: config.worker.concurrency,
      lockDuration: config.worker.lockDurationMs,
      stalledInterval: config.worker.stalledIntervalMs,
      maxStalledCount: MAX_STALLED_COUNT,
    };
    Processor(WORKPLACE_JOIN_QUEUE, workerOptions)(WorkplaceJoinProcessor);
    Processor(BULK_ENROLLMENT_QUEUE, workerOptions)(BulkEnrollmentProcessor);
    Processor(DEVICE_MANAGEMENT_QUEUE, workerOptions)(DeviceManagementProcessor);
    return {
      module: WorkerModule,
      imports: [
        EnrollmentModule.forRoot(config, logger),
        BullModule.forRootAsync({
          inject: [BULL_CONNECTION],
          useFactory: (connection: ConnectionOptions) => ({ connection, prefix: keys.bullPrefix }),
        }),
        BullModule.registerQueue({ name: WORKPLACE_JOIN_QUEUE }, { name: BULK_ENROLLMENT_QUEUE }, { name: DEVICE_MANAGEMENT_QUEUE }),
      ],
      providers: [
        {
          provide: IdentityPolicy,
          useFactory: (jwks: JwksSource) => new IdentityPolicy(config.identity.allowedUpnDomains, jwks),
          inject: [JwksSource],
        },
        FlowRunner,
        AuthenticateStep,
        IssueCertificateStep,
        RegisterDeviceStep,
        RevokeCertificateStep,
        RemoveDeviceStep,
        WorkplaceJoinFlows,
        WorkplaceJoinProcessor,
        AuthenticateBulkTokenStep,
        ResolveNameStep,
        JoinDirectoryStep,
        EnrollMdmStep,
        BulkEnrollmentFlows,
        BulkEnrollmentProcessor,
        ActivityJournal,
        DeviceUnenrollment,
        RecordSessionHandler,
        RevokeRenewedCertificateHandler,
        DeviceManagementProcessor,
        GracefulShutdown,
        HealthHeartbeat,
      ],
    };
  }
}
