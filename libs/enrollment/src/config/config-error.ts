import { StartupError } from './startup-error';

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends StartupError {
  override readonly name = 'ConfigError';
}

/** A ConfigError for one variable, worded as every configuration error is. */
export function invalidVariable(variable: string, problem: string): ConfigError {
  return new ConfigError(`Invalid configuration:\n  ${variable}: ${problem}`);
}
