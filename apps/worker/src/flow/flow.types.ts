import { FlowName, StepName } from '@app/enrollment';

/** What every step needs to know about the request it works on, and what the events say about it. */
export interface FlowContext {
  requestId: string;
  deviceObjectId: string;
  computer: string;
  userId?: string;
  /** EventData common to every event of the request. */
  eventData: Record<string, string>;
}

/**
 * One step of a flow. `run` does the work and must be idempotent: it checks whether its effect already
 * exists before creating it. `restore` reloads a finished step's output when a retry resumes after it.
 */
export interface Step<C extends FlowContext> {
  readonly name: StepName;
  run(context: C): Promise<Record<string, string | number | undefined> | void>;
  restore?(context: C): Promise<void>;
}

export interface FlowDefinition<C extends FlowContext> {
  readonly name: FlowName;
  /** Released when the request finishes, so the next request about the same subject may start. */
  readonly inFlightSubject?: string;
  readonly steps: ReadonlyArray<Step<C>>;
}
