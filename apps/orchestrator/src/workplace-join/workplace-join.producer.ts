import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  DeviceObject,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  FlowName,
  JoinJobData,
  LeaveJobData,
  RequestRepository,
  VerifiedIdentity,
  WORKPLACE_JOIN_QUEUE,
  WorkplaceJoinBody,
  WorkplaceJoinJob,
  workplaceJoinJobOptions,
  workplaceSubject,
} from '@app/enrollment';

export interface Accepted {
  kind: 'accepted';
  requestId: string;
  status: string;
}

export type JoinOutcome = Accepted | { kind: 'registered'; device: DeviceObject };

/** Turns an authenticated join or leave into a request record and one job (job id = request id). */
@Injectable()
export class WorkplaceJoinProducer {
  constructor(
    @InjectQueue(WORKPLACE_JOIN_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly requests: RequestRepository,
    private readonly devices: DeviceRepository,
  ) {}

  /** The scheduled task runs at every logon: an already registered user@device gets its registration back. */
  async join(identity: VerifiedIdentity, body: WorkplaceJoinBody): Promise<JoinOutcome> {
    const existing = await this.devices.findActiveWorkplace(identity.upn, body.deviceId);
    if (existing) return { kind: 'registered', device: existing };
    const data: JoinJobData = { ...body, requestId: randomUUID(), deviceObjectId: randomUUID(), identity };
    return this.enqueue('workplace-join', WorkplaceJoinJob.Join, data, {
      upn: identity.upn,
      deviceId: body.deviceId,
      deviceName: body.deviceName,
      domain: body.domain,
      osVersion: body.osVersion,
    });
  }

  /** Leave, for the token's user only: other users of the same PC keep their registrations. */
  async leave(identity: VerifiedIdentity, deviceId: string): Promise<Accepted> {
    const device = await this.devices.findActiveWorkplace(identity.upn, deviceId);
    if (!device) {
      throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, 'This user has no active registration on that device');
    }
    const data: LeaveJobData = {
      requestId: randomUUID(),
      deviceObjectId: device.id,
      identity,
      deviceId: device.deviceId,
      deviceName: device.displayName,
      domain: device.domain ?? '',
      osVersion: device.osVersion,
    };
    return this.enqueue('workplace-leave', WorkplaceJoinJob.Leave, data, {
      upn: identity.upn,
      deviceId: device.deviceId,
      deviceName: device.displayName,
    });
  }

  private async enqueue(
    flow: FlowName,
    job: WorkplaceJoinJob,
    data: JoinJobData | LeaveJobData,
    subject: Record<string, string>,
  ): Promise<Accepted> {
    const inFlight = workplaceSubject(data.identity.upn, data.deviceId);
    const { id, created } = await this.requests.createUnlessInFlight(
      { id: data.requestId, flow, owner: `upn:${data.identity.upn}`, deviceObjectId: data.deviceObjectId, subject },
      inFlight,
    );
    if (!created) return this.joinInFlight(id, flow);
    try {
      await this.queue.add(job, data, { ...workplaceJoinJobOptions(this.config.worker), jobId: data.requestId });
    } catch (error) {
      await this.requests.discard(data.requestId, inFlight);
      throw EnrollmentError.transient(ErrorCode.StoreUnavailable, 'The request could not be queued; try again shortly');
    }
    return { kind: 'accepted', requestId: data.requestId, status: 'queued' };
  }

  /** A second logon while the first one's request is running shares it; a join and a leave cannot overlap. */
  private async joinInFlight(requestId: string, flow: FlowName): Promise<Accepted> {
    const running = await this.requests.get(requestId);
    if (running && running.flow !== flow) {
      throw EnrollmentError.permanent(
        ErrorCode.RequestInProgress,
        `A ${running.flow} request (${requestId}) for this user and device is still in progress`,
      );
    }
    return { kind: 'accepted', requestId, status: running?.status ?? 'queued' };
  }
}
