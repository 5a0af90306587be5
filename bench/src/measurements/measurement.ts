import type { BenchContext } from '../bench-context';
import type { BenchRow } from '../report/bench-row';

/** What one measurement found: its figures, and anything worth reading beside them (markdown). */
export interface MeasurementOutcome {
  rows: BenchRow[];
  observations?: string[];
  /** Commands it ran outside Node, for the report's Commands section. */
  commands?: string[];
}

/** One measurement of the benchmark; `name` is what `--only` takes. */
export interface Measurement {
  name: string;
  title: string;
  /** How it is measured, in a sentence or two, for the report. */
  method(context: BenchContext): string;
  run(context: BenchContext): Promise<MeasurementOutcome>;
}
