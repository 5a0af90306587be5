import { EventDataValue, FLOW_STEPS, FlowName, StepName } from '@app/enrollment';

/** What every step needs to know about the request it works on, and what the events say about it. */
export interface FlowContext {
  requestId: string;
  deviceObjectId: string;
  computer: string;
  userId?: string;
  /** Released when the request finishes, so the next request about the same subject may start. */
  inFlightSubject?: string;
  /** EventData common to every event of the request. */
  eventData: Record<string, string>;
}

/**
 * One step of a flow. `run` does the work and must be idempotent: it checks whether its effect already
 * exists before creating it; what it returns is added to its success event. `restore` reloads a finished
 * step's output when a retry resumes after it. `compensate` undoes what would otherwise be left
 * half-made when a later step fails the request for good.
 */
export interface Step<C extends FlowContext> {
  readonly name: StepName;
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a step with nothing to report returns nothing
  run(context: C): Promise<Record<string, EventDataValue> | void>;
  restore?(context: C): Promise<void>;
  compensate?(context: C): Promise<void>;
}

export interface FlowDefinition<C extends FlowContext> {
  readonly name: FlowName;
  readonly steps: ReadonlyArray<Step<C>>;
}

/** Fails start-up when a flow's steps are not the ones its requests record, in the same order. */
export function assertFlowMatchesContract(flow: FlowDefinition<never>): void {
  const actual = flow.steps.map((step) => step.name).join(' → ');
  const expected = FLOW_STEPS[flow.name].join(' → ');
  if (actual !== expected) throw new Error(`Flow ${flow.name} runs ${actual}, but its requests expect ${expected}`);
}
