import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import observeStep from './lua/observe-step-1.lua';
import type { RedisBatch } from '../redis/redis-batch';
import { RedisKeys } from '../redis/redis-keys';

/** Upper bounds (seconds) of the step duration histogram: steps take milliseconds, retries seconds. */
export const STEP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface StepDurationSeries {
  flow: string;
  step: string;
  outcome: string;
  buckets: number[]; // cumulative counts, one per STEP_DURATION_BUCKETS entry
  count: number;
  sum: number;
}

export interface OutcomeSeries {
  flow: string;
  status: string;
  code: string;
  count: number;
}

/**
 * Step durations and request outcomes, recorded by every worker into Redis so that any orchestrator's
 * /metrics shows the whole deployment, however many worker processes there are.
 */
export abstract class StepMetricsRepository {
  abstract observeStep(flow: string, step: string, outcome: 'succeeded' | 'failed', seconds: number): Promise<void>;
  /** `observeStep`, sent with `batch`. */
  abstract queueObserveStep(batch: RedisBatch, flow: string, step: string, outcome: 'succeeded' | 'failed', seconds: number): Promise<void>;
  abstract countOutcome(flow: string, status: 'succeeded' | 'failed', code?: string): Promise<void>;
  abstract stepDurations(): Promise<StepDurationSeries[]>;
  abstract outcomes(): Promise<OutcomeSeries[]>;
}

export class RedisStepMetricsRepository extends StepMetricsRepository {
  private readonly observeScript: LuaScript<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.observeScript = new LuaScript(redis, 'observe-step-1', observeStep);
  }

  async observeStep(flow: string, step: string, outcome: 'succeeded' | 'failed', seconds: number): Promise<void> {
    await this.observeScript.run(...observeCall(this.keys, flow, step, outcome, seconds));
  }

  async queueObserveStep(batch: RedisBatch, flow: string, step: string, outcome: 'succeeded' | 'failed', seconds: number): Promise<void> {
    await batch.run(this.observeScript, ...observeCall(this.keys, flow, step, outcome, seconds));
  }

  async countOutcome(flow: string, status: 'succeeded' | 'failed', code = ''): Promise<void> {
    await this.redis.hincrby(this.keys.outcomes, `${flow}|${status}|${code}`, 1);
  }

  async stepDurations(): Promise<StepDurationSeries[]> {
    const fields = await this.redis.hgetall(this.keys.stepDurations);
    const series = new Map<string, StepDurationSeries>();
    for (const [field, value] of Object.entries(fields)) {
      const [flow, step, outcome, part] = field.split('|');
      const key = `${flow}|${step}|${outcome}`;
      let entry = series.get(key);
      if (!entry) {
        entry = { flow, step, outcome, buckets: STEP_DURATION_BUCKETS.map(() => 0), count: 0, sum: 0 };
        series.set(key, entry);
      }
      if (part === 'count') entry.count = Number(value);
      else if (part === 'sum') entry.sum = Number(value);
      else if (part.startsWith('n')) entry.buckets[Number(part.slice(1))] = Number(value);
    }
    for (const entry of series.values()) {
      for (let i = 1; i < entry.buckets.length; i++) entry.buckets[i] += entry.buckets[i - 1];
    }
    return [...series.values()];
  }

  async outcomes(): Promise<OutcomeSeries[]> {
    const fields = await this.redis.hgetall(this.keys.outcomes);
    return Object.entries(fields).map(([field, count]) => {
      const [flow, status, code] = field.split('|');
      return { flow, status, code, count: Number(count) };
    });
  }
}

/** Keys and arguments of observe-step-1 for one duration. */
function observeCall(keys: RedisKeys, flow: string, step: string, outcome: string, seconds: number): [string[], Array<string | number>] {
  const bucket = STEP_DURATION_BUCKETS.findIndex((bound) => seconds <= bound);
  return [[keys.stepDurations], [`${flow}|${step}|${outcome}`, seconds, bucket < 0 ? '' : bucket]];
}
