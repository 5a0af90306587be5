import { Command, Option } from 'commander';
import { CliError } from '../cli-error';
import { contextOf } from '../command-context';
import { parseSince } from '../duration';
import { tailEvents } from '../events/event-tail';

interface TailCommandOptions {
  request?: string;
  device?: string;
  level?: number;
  eventId?: string;
  xml?: boolean;
  history?: boolean;
  since?: string;
}

export function eventsCommand(): Command {
  const events = new Command('events').description('diagnostics events, as the Windows event logs would show them');

  events
    .command('tail')
    .description('print events as they happen, of every request or of one request or device, until Ctrl-C')
    .addOption(new Option('--request <id>', 'only the events of this request (its Correlation ActivityID)').conflicts('device'))
    .option('--device <id>', 'only the events of this directory device object')
    .option('--level <n>', 'keep this level and more severe: 1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose', parseLevel)
    .option('--event-id <ids>', 'only these event ids, comma-separated (e.g. 21,22)')
    .option('--xml', 'print each event as Windows Event XML')
    .option('--history', 'first print the events already recorded')
    .option('--since <when>', 'with the events recorded since then first: 10m, 2h, 1d or an ISO date-time')
    .addHelpText(
      'after',
      `
One line per event: time (UTC), level, event id, message; --json prints each event as one JSON line.
Without --request or --device, every event of the service is printed (--history: the newest ones first).
A dropped connection is opened again where it left off (Last-Event-ID).`,
    )
    .action(async (options: TailCommandOptions, command: Command) => {
      if (options.eventId !== undefined && !/^\d{1,5}(,\d{1,5})*$/.test(options.eventId)) {
        throw new CliError('--event-id must be event ids separated by commas, e.g. 21,22');
      }
      const { client, output } = contextOf(command);
      const since = options.since === undefined ? undefined : parseSince(options.since);
      await tailEvents(client, {
        filter: { requestId: options.request, deviceId: options.device, level: options.level, eventId: options.eventId },
        xml: Boolean(options.xml),
        json: output.json,
        history: options.history || since ? { since } : undefined,
        write: (text) => output.out(text),
        note: (text) => output.err(text),
      });
    });

  return events;
}

function parseLevel(text: string): number {
  if (!/^[1-5]$/.test(text)) throw new CliError(`--level must be 1 to 5, not ${JSON.stringify(text)}`);
  return Number(text);
}
