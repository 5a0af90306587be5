import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { CliError } from './cli-error';
import { consoleOutput, Output } from './output';

/** The global options, defined on the program in main.ts. */
export interface GlobalOptions {
  url: string;
  adminKey?: string;
  json?: boolean;
}

/** What every command's action works with: the API and where to write. */
export interface CommandContext {
  client: ApiClient;
  output: Output;
}

export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  if (!options.adminKey) throw new CliError('no admin key: set ENROLLCTL_ADMIN_KEY (or pass --admin-key)');
  return { client: new ApiClient(options.url, options.adminKey), output: consoleOutput(Boolean(options.json)) };
}
