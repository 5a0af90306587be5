import { ApiAnswer, ApiClient, errorOf } from './api-client';
import type { TerminalEvent } from './completion-watcher';
import type { SimulatedRequest } from './devices';
import { leaveOverDrs, registerOverDrs } from './dvrj/drs-client';
import type { DrsPreparation } from './dvrj/drs-preparation';
import { InFlightGate } from './in-flight-gate';
import type { KeyPool } from './key-pool';
import type { DmEnrollment } from './mde2/dm-enrollment';
import type { Mde2Preparation } from './mde2/mde2-preparation';
import { enrollWindowsDevice } from './mde2/windows-enrollment';
import { OutcomeTally } from './outcome-tally';
import { Clock, Pacer } from './pacer';
import type { BulkCredentials } from './preparation';

export const WINDOWS_7_SP1 = '6.1.7601';
export const WINDOWS_10_22H2 = '10.0.19045';

/** Early terminal events kept for requests whose POST answer has not arrived yet (others' events, too). */
const MAX_EARLY_EVENTS = 50_000;
const DEFAULT_RETRY_AFTER_MS = 1000;

export interface RunSetup {
  client: ApiClient;
  adminKey: string;
  clock: Clock;
  keys: KeyPool;
  userTokens: ReadonlyMap<string, string>;
  bulk?: BulkCredentials;
  /** Set when the bulk devices enroll over MS-MDE2 rather than the JSON API. */
  mde2?: Mde2Preparation;
  /** Set when the PCs' users join and leave over MS-DVRJ rather than the JSON API. */
  drs?: DrsPreparation;
  domain: string;
  concurrency: number;
  ratePerSecond?: number;
  timeoutMs: number;
}

interface Pending {
  request: SimulatedRequest;
  sentAt: number;
}

interface FailureReason {
  status?: number;
  code: string;
  message: string;
}

/** The fields of the orchestrator's request answers that the run reads. */
interface RequestAnswer {
  requestId?: string;
  status?: string;
  finishedAt?: string;
  error?: { code?: string; message?: string };
}

/**
 * The measured part of a simulation: sends the requests on the pacer's schedule within the in-flight
 * cap, and ends each one when its terminal event arrives (fed in by `onTerminalEvent`), when its POST
 * answer already says it is done, or after the timeout by reading it back once.
 */
export class SimulationRun {
  readonly tally: OutcomeTally;
  sent = 0;
  rateLimited = 0;
  checkedAfterTimeout = 0;
  heldBackByConcurrency = 0;
  firstSentAt?: number;
  lastSentAt?: number;
  /** MS-MDE2 devices that enrolled, by bulk index, with what they keep to be managed. */
  readonly enrolledOverMde2: Array<{ index: number; management: DmEnrollment }> = [];
  /** The device object each MS-DVRJ registration made, by join index: its leave deletes it. */
  readonly registeredOverDrs = new Map<number, string>();
  /** Requests that succeeded, by request id, for picking a sample device afterwards. */
  readonly succeeded: Array<{ request: SimulatedRequest; requestId: string }> = [];

  private readonly ready: SimulatedRequest[];
  private readHead = 0;
  /** Leaves and re-sends after a 429 go before the remaining first requests. */
  private readonly urgent: SimulatedRequest[] = [];
  private wake?: () => void;
  /** Requests waiting for their terminal event, by request id (several when the service shares one request). */
  private readonly pending = new Map<string, Pending[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly early = new Map<string, TerminalEvent>();
  private readonly ended = new Set<string>();
  private readonly gate: InFlightGate;
  private readonly pacer: Pacer;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private allDone!: () => void;
  readonly done: Promise<void>;

  constructor(
    private readonly setup: RunSetup,
    order: SimulatedRequest[],
    total: number,
  ) {
    this.tally = new OutcomeTally(total);
    this.ready = order;
    this.gate = new InFlightGate(setup.concurrency);
    this.pacer = new Pacer(setup.ratePerSecond);
    this.done = new Promise((resolve) => (this.allDone = resolve));
    if (total === 0) this.allDone();
  }

  /** Sends everything; resolves once every request has ended. */
  async run(): Promise<void> {
    const { clock } = this.setup;
    for (let request = await this.nextRequest(); request; request = await this.nextRequest()) {
      const slot = this.pacer.reserve(clock.now());
      const wait = slot - clock.now();
      if (wait >= 1) await clock.sleep(wait);
      if (this.gate.full && this.setup.ratePerSecond) this.heldBackByConcurrency++;
      await this.gate.acquire();
      this.send(request).catch((error: unknown) => this.end(request, undefined, { code: 'SIMULATOR_ERROR', message: (error as Error).message }));
    }
    await this.done;
  }

  onTerminalEvent(event: TerminalEvent): void {
    if (this.ended.has(event.requestId)) return; // a retried flow may report twice
    if (this.pending.has(event.requestId)) return this.endWithEvent(event);
    if (this.early.size >= MAX_EARLY_EVENTS) this.early.delete(this.early.keys().next().value!);
    this.early.set(event.requestId, event);
  }

  /** Stops timers; the counts stay as they are. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.wakeSender();
  }

  get inFlight(): number {
    return this.gate.size;
  }

  private async nextRequest(): Promise<SimulatedRequest | undefined> {
    for (;;) {
      if (this.urgent.length > 0) return this.urgent.shift();
      if (this.readHead < this.ready.length) return this.ready[this.readHead++];
      // Requests still in flight may yet need sending: a leave once its join is done, a 429 once it waited.
      if (this.tally.finished >= this.tally.total) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private enqueueUrgent(request: SimulatedRequest): void {
    this.urgent.push(request);
    this.wakeSender();
  }

  private async send(request: SimulatedRequest): Promise<void> {
    const { clock } = this.setup;
    const sentAt = clock.now();
    this.sent++;
    this.firstSentAt ??= sentAt;
    this.lastSentAt = sentAt;
    if (request.flow === 'bulk-enrollment' && this.setup.mde2) return this.enrollOverMde2(request, sentAt);
    if (request.flow !== 'bulk-enrollment' && this.setup.drs) return this.overDrs(request, sentAt);
    let answer: ApiAnswer<RequestAnswer>;
    try {
      answer = await this.post(request);
    } catch (error) {
      this.end(request, undefined, { code: 'NETWORK_ERROR', message: (error as Error).message });
      return;
    }
    const body = answer.body ?? {};
    if (answer.status === 429) {
      this.retryLater(request, answer.retryAfterMs);
    } else if (answer.status === 200) {
      this.end(request, body.requestId, undefined, sentAt);
    } else if (answer.status !== 202 || typeof body.requestId !== 'string') {
      this.end(request, body.requestId, { status: answer.status, ...errorOf(answer) });
    } else if (body.status === 'succeeded') {
      this.end(request, body.requestId, undefined, sentAt);
    } else if (body.status === 'failed') {
      this.end(request, body.requestId, { status: 202, code: 'FAILED', message: 'the request had already failed' });
    } else {
      this.awaitEnd(request, body.requestId, sentAt);
    }
  }

  /** An accepted request ends with its terminal event, or is read back after the timeout. */
  private awaitEnd(request: SimulatedRequest, requestId: string, sentAt: number): void {
    const waiting = this.pending.get(requestId);
    if (waiting) return void waiting.push({ request, sentAt });
    this.pending.set(requestId, [{ request, sentAt }]);
    if (this.ended.has(requestId)) return void this.checkLate(requestId); // its end was seen already, for an earlier send
    this.timers.set(
      requestId,
      setTimeout(() => void this.checkLate(requestId), this.setup.timeoutMs),
    );
    const early = this.early.get(requestId);
    if (early) this.endWithEvent(early);
  }

  /** A Windows device's exchange: synchronous, so it ends when the answer to RequestSecurityToken checks out. */
  private async enrollOverMde2(request: Extract<SimulatedRequest, { flow: 'bulk-enrollment' }>, sentAt: number): Promise<void> {
    const { client, mde2 } = this.setup;
    const outcome = await enrollWindowsDevice(client, client.nextBase(), mde2!.account, mde2!.devices[request.index]);
    if (outcome.kind === 'rate-limited') this.retryLater(request, outcome.retryAfterMs);
    else if (outcome.kind === 'failed') this.end(request, undefined, outcome.failure);
    else {
      this.enrolledOverMde2.push({ index: request.index, management: outcome.management });
      this.end(request, undefined, undefined, sentAt);
    }
  }

  /** A Windows PC's registration or delete: synchronous, so it ends when the answer checks out. */
  private async overDrs(request: Exclude<SimulatedRequest, { flow: 'bulk-enrollment' }>, sentAt: number): Promise<void> {
    const { client, drs, userTokens } = this.setup;
    const token = userTokens.get(request.upn) ?? '';
    const base = client.nextBase();
    let outcome;
    if (request.flow === 'workplace-join') {
      outcome = await registerOverDrs(client, base, { upn: request.upn, token }, drs!.devices[request.index]);
      if (outcome.kind === 'done') this.registeredOverDrs.set(request.index, outcome.value.deviceId);
    } else {
      const deviceId = this.registeredOverDrs.get(request.index);
      if (!deviceId) {
        this.end(request, undefined, { code: 'NOT_JOINED', message: 'no device object was registered for this user@PC' });
        return;
      }
      outcome = await leaveOverDrs(client, base, token, deviceId);
    }
    if (outcome.kind === 'rate-limited') this.retryLater(request, outcome.retryAfterMs);
    else if (outcome.kind === 'failed') this.end(request, undefined, outcome.failure);
    else this.end(request, undefined, undefined, sentAt);
  }

  private post(request: SimulatedRequest): Promise<ApiAnswer<RequestAnswer>> {
    const { client, keys, bulk, domain, userTokens } = this.setup;
    switch (request.flow) {
      case 'workplace-join':
        return client.call('POST', '/v1/workplace-joins', {
          bearer: userTokens.get(request.upn),
          body: { deviceId: request.pc.deviceId, deviceName: request.pc.name, domain, osVersion: WINDOWS_7_SP1, csr: keys.take() },
        });
      case 'workplace-leave':
        return client.call('DELETE', `/v1/workplace-joins/${request.pc.deviceId}`, { bearer: userTokens.get(request.upn) });
      case 'bulk-enrollment':
        return client.call('POST', '/v1/bulk-enrollments', {
          bearer: bulk!.token,
          body: { packageId: bulk!.packageId, serialNumber: request.serialNumber, osVersion: WINDOWS_10_22H2, csr: keys.take() },
        });
    }
  }

  private retryLater(request: SimulatedRequest, retryAfterMs: number | undefined): void {
    this.rateLimited++;
    this.gate.release();
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.enqueueUrgent(request);
    }, retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
    this.retryTimers.add(timer);
  }

  private endWithEvent(event: TerminalEvent): void {
    const failure = event.succeeded ? undefined : { code: event.code ?? 'FAILED', message: event.message ?? '' };
    this.endPending(event.requestId, failure, event.at);
  }

  /** No terminal event within the timeout: the request is read back once and counted by its status. */
  private async checkLate(requestId: string): Promise<void> {
    if (!this.pending.has(requestId)) return;
    this.checkedAfterTimeout++;
    let answer: ApiAnswer<RequestAnswer> | undefined;
    try {
      answer = await this.setup.client.call('GET', `/v1/requests/${requestId}`, { bearer: this.setup.adminKey });
    } catch {
      answer = undefined;
    }
    if (!this.pending.has(requestId)) return; // its event came in meanwhile
    const body = answer?.body;
    const status = body?.status;
    if (status === 'succeeded') {
      // The event was missed, not late: the service's finishing time, on this clock, is when it ended.
      const now = this.setup.clock.now();
      const finishedAt = Date.parse(body?.finishedAt ?? '');
      const at = Number.isNaN(finishedAt) ? now : Math.min(now, now - (Date.now() - finishedAt));
      this.endPending(requestId, undefined, at);
      return;
    }
    const error = body?.error;
    const failure =
      status === 'failed'
        ? { code: error?.code ?? 'FAILED', message: error?.message ?? 'the request failed' }
        : { code: 'TIMEOUT', message: `not finished after ${this.setup.timeoutMs} ms (status ${status ?? 'unknown'})` };
    this.endPending(requestId, failure, this.setup.clock.now());
  }

  /** Ends every send waiting on this request id. */
  private endPending(requestId: string, failure: FailureReason | undefined, at: number): void {
    const waiting = this.pending.get(requestId) ?? [];
    clearTimeout(this.timers.get(requestId));
    this.timers.delete(requestId);
    this.pending.delete(requestId);
    for (const { request, sentAt } of waiting) this.end(request, requestId, failure, Math.min(sentAt, at), at);
  }

  /** Ends one sent request: frees its place, counts it, and lets its leave go once a join is done. */
  private end(
    request: SimulatedRequest,
    requestId: string | undefined,
    failure: FailureReason | undefined,
    sentAt?: number,
    at = this.setup.clock.now(),
  ): void {
    if (requestId) {
      this.early.delete(requestId);
      this.ended.add(requestId);
    }
    this.gate.release();
    if (failure) {
      this.tally.fail({ flow: request.flow, requestId, ...failure }, at);
    } else {
      this.tally.complete(request.flow, at - (sentAt ?? at), at);
      if (requestId) this.succeeded.push({ request, requestId });
    }
    if (request.flow === 'workplace-join' && request.leaves) {
      if (failure) {
        this.tally.fail({ flow: 'workplace-leave', code: 'NOT_JOINED', message: 'not sent: the join of this user@PC did not complete' }, at);
      } else {
        this.enqueueUrgent({ flow: 'workplace-leave', index: request.index, pc: request.pc, upn: request.upn });
      }
    }
    if (this.tally.finished >= this.tally.total) {
      this.allDone();
      this.wakeSender(); // so that it ends
    }
  }

  private wakeSender(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
