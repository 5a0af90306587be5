import { Command, Option } from 'commander';
import { CliError, ExitCode } from './cli-error';
import { devicesCommand } from './commands/devices.command';
import { eventsCommand } from './commands/events-tail.command';
import { inventoryCommand } from './commands/inventory.command';
import { packagesCommand } from './commands/packages.command';
import { requestsCommand } from './commands/requests.command';
import { tokensCommand } from './commands/tokens.command';

const DEFAULT_URL = 'http://localhost:3000';

/** The `enrollctl` program: global options and one subcommand group per resource. */
export function buildProgram(): Command {
  return new Command('enrollctl')
    .description('Administer the enrollment orchestrator through its HTTP API')
    .addOption(new Option('--url <url>', 'base URL of the API').env('ENROLLCTL_URL').default(DEFAULT_URL))
    .addOption(
      new Option('--admin-key <key>', 'admin API key; prefer the ENROLLCTL_ADMIN_KEY variable, as command-line flags show in process lists').env(
        'ENROLLCTL_ADMIN_KEY',
      ),
    )
    .option('--json', 'machine-readable JSON output instead of tables')
    .addCommand(tokensCommand())
    .addCommand(packagesCommand())
    .addCommand(devicesCommand())
    .addCommand(inventoryCommand())
    .addCommand(eventsCommand())
    .addCommand(requestsCommand())
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  export ENROLLCTL_URL=https://enroll.contoso.com ENROLLCTL_ADMIN_KEY=…
  enrollctl tokens create --expires 30d --max-uses 500
  enrollctl packages create --name "Contoso desktops" --template CONTOSO-%RAND:4% --token-id <id> --out customizations.xml
  enrollctl devices import devices.csv
  enrollctl devices list --user alice@contoso.com
  enrollctl devices revoke <device id>
  enrollctl devices command <device id> --verb Get --target ./DevDetail/SwV
  enrollctl devices command <device id> policy Camera AllowCamera 0
  enrollctl devices commands <device id>
  enrollctl devices unenroll <device id>
  enrollctl events tail --request <id>
  enrollctl requests wait <id> --timeout 2m

Exit status: 0 success, 1 error, 2 (devices import) some rows rejected, 3 (requests wait, devices revoke)
the request failed, 4 (same) still running at the timeout.`,
    );
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.stderr.write(`error: ${describe(error, program.opts<{ adminKey?: string }>().adminKey)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : ExitCode.Failed;
  }
}

/** One line; the admin key is masked should any message ever carry it. */
function describe(error: unknown, adminKey: string | undefined): string {
  const message =
    error instanceof CliError
      ? error.message
      : error instanceof SyntaxError
        ? `the API answered something that is not JSON (${error.message}); is --url the orchestrator?`
        : error instanceof Error
          ? error.message
          : String(error);
  const line = message.replace(/\s*\n\s*/g, ' ');
  return adminKey ? line.split(adminKey).join('***') : line;
}

void main(process.argv);
