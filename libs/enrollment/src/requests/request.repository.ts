import type { RedisClient } from '../redis/redis-connection';
import { FlowName, StepName } from '../diagnostics/diagnostic-event';
import { LuaScript } from '../redis/lua-script';
import abandonRequest from './lua/abandon-request-3.lua';
import createRequest from './lua/create-request-4.lua';
import discardRequest from './lua/discard-request-3.lua';
import finishRequest from './lua/finish-request-2.lua';
import finishStep from './lua/finish-step-1.lua';
import startStep from './lua/start-step-1.lua';
import { RedisBatch } from '../redis/redis-batch';
import trimRequest from './lua/trim-request-1.lua';
import { RedisKeys } from '../redis/redis-keys';
import { ErrorInfo, FLOW_STEPS, parseErrorCode, RequestRecord, RequestStatus, StepRecord } from './request.model';

export interface NewRequest {
  id: string;
  flow: FlowName;
  owner: string;
  deviceObjectId?: string;
  subject: Record<string, string>;
}

/** Request state, readable by the API and written by the worker as it goes through the steps. */
export type RequestOutcome = { status: 'succeeded' } | { status: 'failed'; error: ErrorInfo };

export abstract class RequestRepository {
  /**
   * Creates the request unless another one about the same subject (e.g. user@device) is still open, in
   * which case that one's id is returned and nothing is written.
   */
  abstract createUnlessInFlight(request: NewRequest, inFlightSubject: string): Promise<{ id: string; created: boolean }>;
  /** Undoes a creation whose job could not be enqueued. */
  abstract discard(requestId: string, inFlightSubject: string): Promise<void>;
  /** Notes that the request's job is in its queue; until then the request counts as unconfirmed. */
  abstract confirmQueued(requestId: string): Promise<void>;
  /** Ids of requests recorded before `before` and never confirmed as queued (an intake cut short), oldest first. */
  abstract unconfirmed(before: Date, limit: number): Promise<string[]>;
  /**
   * Ends a request whose job never reached its queue: failed with `error` if it is still queued, and its
   * subject freed for new requests. False when it had moved on (its job ran after all) or ended before.
   */
  abstract abandonUnqueued(requestId: string, error: ErrorInfo): Promise<boolean>;
  abstract get(requestId: string): Promise<RequestRecord | null>;
  /** Marks a step as started; returns the step as it was before, so the caller can skip finished ones. */
  abstract startStep(requestId: string, step: StepName): Promise<StepRecord>;
  abstract finishStep(requestId: string, step: StepName, error?: ErrorInfo): Promise<void>;
  /** `startStep`, sent with `batch`. */
  abstract queueStartStep(batch: RedisBatch, requestId: string, step: StepName): Promise<StepRecord>;
  /** `finishStep`, sent with `batch`. */
  abstract queueFinishStep(batch: RedisBatch, requestId: string, step: StepName, error?: ErrorInfo): Promise<void>;
  /** Adds what a step learnt about the request's subject (e.g. the device name it resolved). */
  abstract recordSubject(requestId: string, fields: Record<string, string>): Promise<void>;
  /** Points the request at the device object it ended up with (an existing one, after a race). */
  abstract attachDevice(requestId: string, deviceObjectId: string): Promise<void>;
  /** Final state, written once (later calls leave the first outcome); frees the subject for new requests. */
  abstract finish(requestId: string, outcome: RequestOutcome, inFlightSubject?: string): Promise<boolean>;
  /** `finish`, sent with `batch`. */
  abstract queueFinish(batch: RedisBatch, requestId: string, outcome: RequestOutcome, inFlightSubject?: string): Promise<boolean>;
}

const REQUEST_TTL_SECONDS = 30 * 24 * 3600;
const IN_FLIGHT_TTL_SECONDS = 24 * 3600;
const STEP_FIELD = 'step:';
const SUBJECT_FIELD = 'subject:';
const IN_FLIGHT_SUBJECT_FIELD = 'inFlightSubject';

export class RedisRequestRepository extends RequestRepository {
  private readonly createScript: LuaScript<[number, string]>;
  private readonly discardScript: LuaScript<number>;
  private readonly finishScript: LuaScript<number>;
  private readonly abandonScript: LuaScript<number>;
  private readonly startStepScript: LuaScript<string | null>;
  private readonly finishStepScript: LuaScript<number>;
  private readonly trimScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.createScript = new LuaScript(redis, 'create-request-4', createRequest);
    this.discardScript = new LuaScript(redis, 'discard-request-3', discardRequest);
    this.finishScript = new LuaScript(redis, 'finish-request-2', finishRequest);
    this.abandonScript = new LuaScript(redis, 'abandon-request-3', abandonRequest);
    this.startStepScript = new LuaScript(redis, 'start-step-1', startStep);
    this.finishStepScript = new LuaScript(redis, 'finish-step-1', finishStep);
    this.trimScript = new LuaScript(redis, 'trim-request-1', trimRequest);
  }

  async createUnlessInFlight(request: NewRequest, inFlightSubject: string): Promise<{ id: string; created: boolean }> {
    const now = new Date();
    const fields: Record<string, string> = {
      id: request.id,
      flow: request.flow,
      status: 'queued' satisfies RequestStatus,
      owner: request.owner,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      [IN_FLIGHT_SUBJECT_FIELD]: inFlightSubject,
    };
    if (request.deviceObjectId) fields.deviceObjectId = request.deviceObjectId;
    for (const [name, value] of Object.entries(request.subject)) fields[SUBJECT_FIELD + name] = value;
    for (const step of FLOW_STEPS[request.flow]) {
      fields[STEP_FIELD + step] = JSON.stringify({ name: step, status: 'pending', attempts: 0 } satisfies StepRecord);
    }
    const inFlightKey = this.keys.inFlight(inFlightSubject);
    const requestKey = this.keys.request(request.id);
    // The request in flight is passed in by key: so read its id first.
    for (;;) {
      const current = await this.redis.get(inFlightKey);
      const [created, id] = await this.createScript.run(
        [inFlightKey, requestKey, this.keys.unconfirmedRequests, current ? this.keys.request(current) : requestKey],
        [request.id, IN_FLIGHT_TTL_SECONDS, current ?? '', REQUEST_TTL_SECONDS, now.getTime(), ...Object.entries(fields).flat()],
      );
      if (created !== -1) return { id, created: created === 1 };
    }
  }

  async discard(requestId: string, inFlightSubject: string): Promise<void> {
    await this.discardScript.run([this.keys.request(requestId), this.keys.unconfirmedRequests, this.keys.inFlight(inFlightSubject)], [requestId]);
  }

  async confirmQueued(requestId: string): Promise<void> {
    await this.redis.zrem(this.keys.unconfirmedRequests, requestId);
  }

  async unconfirmed(before: Date, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.unconfirmedRequests, '-inf', `(${before.getTime()}`, 'LIMIT', 0, limit);
  }

  async abandonUnqueued(requestId: string, error: ErrorInfo): Promise<boolean> {
    const now = new Date().toISOString();
    const fields = ['status', 'failed', 'finishedAt', now, 'updatedAt', now, 'errorCode', error.code, 'errorMessage', error.message];
    const requestKey = this.keys.request(requestId);
    // The subject's in-flight key is passed in: so read the subject from the request first.
    for (;;) {
      const subject = await this.redis.hget(requestKey, IN_FLIGHT_SUBJECT_FIELD);
      const abandoned = await this.abandonScript.run(
        [requestKey, this.keys.unconfirmedRequests, subject ? this.keys.inFlight(subject) : requestKey],
        [requestId, subject ?? '', ...fields],
      );
      if (abandoned !== -1) return abandoned === 1;
    }
  }

  async get(requestId: string): Promise<RequestRecord | null> {
    const hash = await this.redis.hgetall(this.keys.request(requestId));
    if (!hash.id) return null;
    const subject: Record<string, string> = {};
    const steps = new Map<string, StepRecord>();
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(SUBJECT_FIELD)) subject[field.slice(SUBJECT_FIELD.length)] = value;
      if (field.startsWith(STEP_FIELD)) {
        const name = field.slice(STEP_FIELD.length) as StepName;
        steps.set(name, parseStep(name, value));
      }
    }
    const flow = hash.flow as RequestRecord['flow'];
    return {
      id: hash.id,
      flow,
      status: hash.status as RequestStatus,
      owner: hash.owner,
      createdAt: hash.createdAt,
      updatedAt: hash.updatedAt,
      finishedAt: hash.finishedAt,
      deviceObjectId: hash.deviceObjectId,
      subject,
      steps: FLOW_STEPS[flow].map((name) => steps.get(name)!).filter(Boolean),
      error: hash.errorCode ? { code: parseErrorCode(hash.errorCode), message: hash.errorMessage } : undefined,
    };
  }

  async startStep(requestId: string, step: StepName): Promise<StepRecord> {
    const [keys, args] = this.startStepCall(requestId, step);
    return stepBefore(requestId, step, await this.startStepScript.run(keys, args));
  }

  async queueStartStep(batch: RedisBatch, requestId: string, step: StepName): Promise<StepRecord> {
    const [keys, args] = this.startStepCall(requestId, step);
    return stepBefore(requestId, step, await batch.run(this.startStepScript, keys, args));
  }

  async finishStep(requestId: string, step: StepName, error?: ErrorInfo): Promise<void> {
    await this.finishStepScript.run(...this.finishStepCall(requestId, step, error));
  }

  async queueFinishStep(batch: RedisBatch, requestId: string, step: StepName, error?: ErrorInfo): Promise<void> {
    await batch.run(this.finishStepScript, ...this.finishStepCall(requestId, step, error));
  }

  private startStepCall(requestId: string, step: StepName): ScriptCall {
    return [[this.keys.request(requestId)], [STEP_FIELD + step, new Date().toISOString()]];
  }

  private finishStepCall(requestId: string, step: StepName, error?: ErrorInfo): ScriptCall {
    return [[this.keys.request(requestId)], [STEP_FIELD + step, new Date().toISOString(), error?.code ?? '', error?.message ?? '']];
  }

  async recordSubject(requestId: string, fields: Record<string, string>): Promise<void> {
    const prefixed = Object.fromEntries(Object.entries(fields).map(([name, value]) => [SUBJECT_FIELD + name, value]));
    await this.redis.hset(this.keys.request(requestId), prefixed);
  }

  async attachDevice(requestId: string, deviceObjectId: string): Promise<void> {
    await this.redis.hset(this.keys.request(requestId), 'deviceObjectId', deviceObjectId);
  }

  async finish(requestId: string, outcome: RequestOutcome, inFlightSubject?: string): Promise<boolean> {
    const batch = new RedisBatch(this.redis);
    const finished = this.queueFinish(batch, requestId, outcome, inFlightSubject);
    await batch.exec();
    return finished;
  }

  /** Finished and trimmed in the same transaction, so that no reader sees a finished request in its running form. */
  async queueFinish(batch: RedisBatch, requestId: string, outcome: RequestOutcome, inFlightSubject?: string): Promise<boolean> {
    const finished = batch.run(...this.finishCall(requestId, outcome, inFlightSubject));
    void batch.run(this.trimScript, [this.keys.request(requestId)], [STEP_FIELD, IN_FLIGHT_SUBJECT_FIELD]);
    return (await finished) === 1;
  }

  private finishCall(requestId: string, outcome: RequestOutcome, inFlightSubject?: string): [LuaScript<number>, ...ScriptCall] {
    const now = new Date().toISOString();
    const fields = ['status', outcome.status, 'finishedAt', now, 'updatedAt', now];
    if (outcome.status === 'failed') fields.push('errorCode', outcome.error.code, 'errorMessage', outcome.error.message);
    const requestKey = this.keys.request(requestId);
    return [this.finishScript, [requestKey, inFlightSubject ? this.keys.inFlight(inFlightSubject) : requestKey], [requestId, ...fields]];
  }
}

/** Keys and arguments of one script run. */
type ScriptCall = [keys: string[], args: Array<string | number>];

function stepBefore(requestId: string, step: StepName, before: string | null): StepRecord {
  if (!before) throw new Error(`Request ${requestId} has no step '${step}'`);
  return parseStep(step, before);
}

/**
 * A step record as stored, its error code parsed: JSON written by the scripts above, or the compact
 * 'attempts|startedAt|finishedAt' of a succeeded step of a finished request (trim-request-1.lua).
 */
function parseStep(name: StepName, stored: string): StepRecord {
  if (!stored.startsWith('{')) {
    const [attempts, startedAt, finishedAt] = stored.split('|');
    return { name, status: 'succeeded', attempts: Number(attempts), ...(startedAt && { startedAt }), ...(finishedAt && { finishedAt }) };
  }
  const step = JSON.parse(stored) as Omit<StepRecord, 'error'> & { error?: { code: string; message: string } };
  if (!step.error) return step as StepRecord;
  return { ...step, error: { code: parseErrorCode(step.error.code), message: step.error.message } };
}
