import { Inject, Injectable } from '@nestjs/common';
import { MetricsService } from '../operations/metrics.service';
import { APP_CONFIG, AppConfig, EnrollmentError, ErrorCode, FlowName, NewRequest, RequestRepository, RequestStatus, SccmIdentifiers } from '@app/enrollment';

export interface Accepted {
  kind: 'accepted';
  requestId: string;
  status: RequestStatus;
}

/** Who a request comes from: the credential that may read it back, and Configuration Manager's ids. */
export interface RequestOrigin {
  owner: string;
  sccm?: SccmIdentifiers;
}

/** Configuration Manager's identifiers as request subject fields (`sccmResourceId`, …). */
export function sccmSubject(sccm: SccmIdentifiers | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(sccm ?? {}).map(([name, value]) => [`sccm${name[0].toUpperCase()}${name.slice(1)}`, String(value)]));
}

/**
 * Records a request and queues its job, once per subject at a time: a second request about the same
 * user@device or package + serial while one is in flight gets that one's id back. A request stays
 * unconfirmed until its job is in the queue; if the process dies in between, the intake reconciler
 * ends it.
 */
@Injectable()
export class RequestIntake {
  constructor(
    private readonly requests: RequestRepository,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(request: NewRequest, inFlightSubject: string, enqueue: () => Promise<unknown>): Promise<Accepted> {
    const { id, created } = await this.requests.createUnlessInFlight(request, inFlightSubject);
    this.metrics.countIntake(request.flow, created ? 'accepted' : 'in_flight');
    if (!created) return this.joinInFlight(id, request.flow);
    this.crashIfInjected('before-enqueue');
    try {
      await enqueue();
    } catch {
      await this.requests.discard(request.id, inFlightSubject);
      throw EnrollmentError.transient(ErrorCode.StoreUnavailable, 'The request could not be queued; try again shortly');
    }
    this.crashIfInjected('after-enqueue');
    await this.requests.confirmQueued(request.id);
    return { kind: 'accepted', requestId: request.id, status: 'queued' };
  }

  /** Fault injection for crash tests (refused in production): dies as a power cut would, with no shutdown. */
  private crashIfInjected(point: NonNullable<AppConfig['intake']['crashAt']>): void {
    if (this.config.intake.crashAt === point) process.kill(process.pid, 'SIGKILL');
  }

  /** Requests of different flows about one subject (a join and a leave) cannot overlap. */
  private async joinInFlight(requestId: string, flow: FlowName): Promise<Accepted> {
    const running = await this.requests.get(requestId);
    if (running && running.flow !== flow) {
      throw EnrollmentError.permanent(ErrorCode.RequestInProgress, `A ${running.flow} request (${requestId}) for this device is still in progress`);
    }
    return { kind: 'accepted', requestId, status: running?.status ?? 'queued' };
  }
}
