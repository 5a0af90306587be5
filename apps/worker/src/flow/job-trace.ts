import { DiagnosticEvent, EventLevel, StepName } from '@app/enrollment';

/** Where a job stands, as Bull Board shows it: its Progress tab has the object, its card the percentage. */
export interface StepProgress {
  step: StepName;
  /** 1-based: step `index` of `of`. */
  index: number;
  of: number;
  status: 'running' | 'succeeded' | 'retrying' | 'failed';
  attempt: number;
  /** Percentage of the flow's steps finished; Bull Board draws its ring from a numeric `progress` field. */
  progress: number;
  code?: string;
}

/** The progress of the job at step `position` (0-based) of `of`. */
export function stepProgress(step: StepName, position: number, of: number, status: StepProgress['status'], attempt: number, code?: string): StepProgress {
  const finished = status === 'succeeded' ? position + 1 : position;
  return {
    step,
    index: position + 1,
    of,
    status,
    attempt,
    progress: Math.round((100 * finished) / of),
    ...(code !== undefined && { code }),
  };
}

/**
 * One line of the job's log (Bull Board's Logs tab) for a diagnostics event: time, level, the step (or
 * the flow, for the flow's own events) and the rendered message, which names the error code of every
 * failure. Only what the event already shows is written: no token, no certificate request.
 */
export function jobLogLine(event: Omit<DiagnosticEvent, 'eventRecordId'>, flow: string): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  return `${event.timeCreated} ${EventLevel[event.level]} ${event.data.Step ?? flow}: ${event.message}`;
}
