import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  DeviceObject,
  deviceQuotaExceeded,
  DeviceRepository,
  enrollmentJobOptions,
  EnrollmentError,
  ErrorCode,
  JoinJobData,
  LeaveJobData,
  VerifiedIdentity,
  WORKPLACE_JOIN_QUEUE,
  WorkplaceJoinBody,
  WorkplaceJoinJob,
  WorkplaceJoinProtocol,
  workplaceSubject,
  WorkplaceJoinQueue,
} from '@app/enrollment';
import { MetricsService } from '../operations/metrics.service';
import { Accepted, RequestIntake, RequestOrigin, sccmSubject } from '../requests/request-intake.service';

export type JoinOutcome = Accepted | { kind: 'registered'; device: DeviceObject };

const userOrigin = (identity: VerifiedIdentity): RequestOrigin => ({ owner: `upn:${identity.upn}` });

/** Turns an authenticated join or leave into a request record and one job (job id = request id). */
@Injectable()
export class WorkplaceJoinProducer {
  constructor(
    @InjectQueue(WORKPLACE_JOIN_QUEUE) private readonly queue: WorkplaceJoinQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: RequestIntake,
    private readonly metrics: MetricsService,
    private readonly devices: DeviceRepository,
  ) {}

  /** The scheduled task runs at every logon: an already registered user@device gets its registration back. */
  async join(
    identity: VerifiedIdentity,
    body: WorkplaceJoinBody,
    origin = userOrigin(identity),
    protocol: WorkplaceJoinProtocol = 'JSON',
  ): Promise<JoinOutcome> {
    const existing = await this.devices.findActive({ trustType: 'Workplace', upn: identity.upn, deviceId: body.deviceId });
    if (existing) {
      this.metrics.countIntake('workplace-join', 'existing');
      return { kind: 'registered', device: existing };
    }
    // A quick answer for the common case; the worker's claim of the place is what holds under races.
    const max = this.config.directory.maxDevicesPerUser;
    if (!(await this.devices.hasUserPlace(identity.upn, body.deviceId, max))) throw deviceQuotaExceeded(max);
    const { deviceId, deviceName, domain, osVersion, csr } = body;
    const data: JoinJobData = {
      deviceId,
      deviceName,
      domain,
      osVersion,
      csr,
      requestId: randomUUID(),
      protocol,
      deviceObjectId: randomUUID(),
      identity,
      sccm: origin.sccm,
    };
    return this.enqueue(WorkplaceJoinJob.Join, data, origin, { upn: identity.upn, deviceId, deviceName, domain, osVersion });
  }

  /** Leave, for the token's user only: other users of the same PC keep their registrations. */
  async leave(identity: VerifiedIdentity, deviceId: string, origin = userOrigin(identity), protocol: WorkplaceJoinProtocol = 'JSON'): Promise<Accepted> {
    const device = await this.devices.findActive({ trustType: 'Workplace', upn: identity.upn, deviceId });
    if (!device) {
      throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, 'This user has no active registration on that device');
    }
    const data: LeaveJobData = {
      requestId: randomUUID(),
      protocol,
      deviceObjectId: device.id,
      identity,
      deviceId: device.deviceId,
      deviceName: device.displayName,
      domain: device.domain ?? '',
      osVersion: device.osVersion,
      sccm: origin.sccm,
    };
    return this.enqueue(WorkplaceJoinJob.Leave, data, origin, { upn: identity.upn, deviceId, deviceName: device.displayName });
  }

  private enqueue(job: WorkplaceJoinJob, data: JoinJobData | LeaveJobData, origin: RequestOrigin, fields: Record<string, string>) {
    const flow = job === WorkplaceJoinJob.Join ? 'workplace-join' : 'workplace-leave';
    const subject = { ...fields, ...sccmSubject(origin.sccm) };
    return this.intake.submit(
      { id: data.requestId, flow, owner: origin.owner, deviceObjectId: data.deviceObjectId, subject },
      workplaceSubject(data.identity.upn, data.deviceId),
      () => this.queue.add(job, data, { ...enrollmentJobOptions(this.config.worker), jobId: data.requestId }),
    );
  }
}
