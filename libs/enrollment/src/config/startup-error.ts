/**
 * A reason not to start that the operator can fix: its message says what is wrong, with what value, and
 * what to do, and is printed as is, without a stack trace.
 */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';
}
