/** Exit codes of every command; `devices import` documents 2, the commands that wait for a request 3 and 4. */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  RowsRejected: 2,
  RequestFailed: 3,
  TimedOut: 4,
} as const;

/** A failure the user can act on, printed as one `error: …` line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
