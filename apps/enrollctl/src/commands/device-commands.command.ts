import { Command, Option } from 'commander';
import { CliError } from '../cli-error';
import { CommandContext, contextOf } from '../command-context';
import { parseDuration } from '../duration';
import { formatTime, prettyJson, table } from '../output';

/** A command queued for a device, as GET /v1/devices/{id}/commands answers it. */
export interface DeviceCommandView {
  id: string;
  verb: string;
  target: string;
  data?: string;
  format?: string;
  type?: string;
  origin: string;
  status: string;
  statusCode?: string;
  results?: Array<{ source: string; format?: string; data?: string }>;
  deliveries: number;
  createdAt: string;
  expiresAt: string;
  sentAt?: string;
  completedAt?: string;
}

export interface CommandOptions {
  verb?: string;
  target?: string;
  data?: string;
  format?: string;
  type?: string;
  ttl?: number;
  idempotencyKey?: string;
}

const VERBS = ['Get', 'Add', 'Replace', 'Delete', 'Exec'];
const FORMATS = ['chr', 'int', 'bool', 'b64', 'xml', 'node', 'null'];

/** `devices command`, `devices commands` and `devices unenroll`, for devices enrolled over MS-MDE2. */
export function deviceCommandsCommands(): Command[] {
  const command = new Command('command')
    .description('queue a command for a device enrolled over MS-MDE2, delivered at its next management session')
    .argument('<id>', 'device object id (the ID column of devices list)')
    .argument('[kind]', 'reboot, or policy <area> <policy> <value>; without it, --verb and --target')
    .argument('[args...]', "the policy's area, name and value")
    .addOption(new Option('--verb <verb>', 'Get, Add, Replace, Delete or Exec').argParser((text) => oneOf('--verb', VERBS, text)))
    .option('--target <LocURI>', 'the node, e.g. ./DevDetail/SwV')
    .option('--data <text>', 'the item data (not for Get)')
    .addOption(new Option('--format <format>', FORMATS.join(', ')).argParser((text) => oneOf('--format', FORMATS, text)))
    .option('--type <mime>', 'the item type, e.g. text/plain')
    .addOption(new Option('--ttl <duration>', 'expires if not answered within this (default 7d, at most 30d)').argParser(parseTtl))
    .option('--idempotency-key <key>', 'sent again with the same key, the command is queued once')
    .addHelpText(
      'after',
      `
Examples:
  enrollctl devices command <id> --verb Get --target ./DevDetail/SwV
  enrollctl devices command <id> --verb Replace --target ./Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera --data 0 --format int
  enrollctl devices command <id> reboot
  enrollctl devices command <id> policy Camera AllowCamera 0

The result (Windows' status code, and a Get's value) shows in: enrollctl devices commands <id>`,
    )
    .action(async (id: string, kind: string | undefined, args: string[], options: CommandOptions, cmd: Command) => {
      await queueCommand(contextOf(cmd), id, commandRequest(kind, args, options), options.idempotencyKey);
    });

  const commands = new Command('commands')
    .description("a device's commands, oldest first, with their status, Windows' status code and results")
    .argument('<id>', 'device object id')
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const { client, output } = contextOf(cmd);
      const items = await client.listAll<DeviceCommandView>(`${devicePath(id)}/commands`, {}, 1000);
      output.out(output.json ? prettyJson(items) : commandTable(items));
    });

  const unenroll = new Command('unenroll')
    .description('end the management of a device enrolled over MS-MDE2')
    .argument('<id>', 'device object id')
    .option('--force', 'do not wait for the device: revoke its certificate and remove its object now')
    .addHelpText(
      'after',
      `
Without --force the DMClient unenroll command waits for the device's next session; once the device
acknowledges it, its certificate is revoked in the CRL and its object removed. With --force that is
done at once, for a device that will not come back (lost, stolen, reinstalled).`,
    )
    .action(async (id: string, options: { force?: boolean }, cmd: Command) => {
      await unenrollDevice(contextOf(cmd), id, Boolean(options.force));
    });

  return [command, commands, unenroll];
}

/** Where and what to POST for `devices command <id> [kind] [args...]`; a CliError before any call when it cannot. */
export function commandRequest(kind: string | undefined, args: string[], options: CommandOptions): { path: string; body: Record<string, unknown> } {
  const ttl = options.ttl === undefined ? {} : { ttlSeconds: options.ttl };
  if (kind === undefined) {
    if (!options.verb || !options.target) throw new CliError('give --verb and --target, or reboot, or policy <area> <policy> <value>');
    const { verb, target, data, format, type } = options;
    return { path: 'commands', body: withoutUndefined({ verb, target, data, format, type, ...ttl }) };
  }
  const raw = options.verb ?? options.target ?? options.data ?? options.type;
  if (raw !== undefined) throw new CliError(`--verb, --target, --data and --type are not for ${kind}`);
  if (kind === 'reboot' && args.length === 0 && options.format === undefined) return { path: 'commands/reboot', body: ttl };
  if (kind === 'policy' && args.length === 3) {
    const [area, policy, value] = args;
    // The value goes as text: the API sends digits as int unless --format says otherwise.
    return { path: 'commands/policy', body: withoutUndefined({ area, policy, value, format: options.format, ...ttl }) };
  }
  throw new CliError(`unknown command ${[kind, ...args].join(' ')}: give reboot, or policy <area> <policy> <value>`);
}

async function queueCommand(context: CommandContext, id: string, request: { path: string; body: Record<string, unknown> }, key?: string): Promise<void> {
  const { client, output } = context;
  const headers = key === undefined ? undefined : { 'idempotency-key': key };
  const command = await client.json<DeviceCommandView>('POST', `${devicePath(id)}/${request.path}`, { body: request.body, headers });
  output.out(
    output.json
      ? prettyJson(command)
      : `queued ${command.verb} ${command.target}: command ${command.id} (${command.status}, expires ${formatTime(command.expiresAt)}); its result: enrollctl devices commands ${id}`,
  );
}

/** DELETE /v1/devices/{id}/enrollment, and what it means. */
export async function unenrollDevice(context: CommandContext, id: string, force: boolean): Promise<void> {
  const { client, output } = context;
  const answer = await client.json<{ status: string; commandId?: string }>('DELETE', `${devicePath(id)}/enrollment`, { query: force ? { force: 'true' } : {} });
  if (output.json) output.out(prettyJson(answer));
  else if (answer.status === 'unenrolling')
    output.out(`unenrolling ${id}: its certificate is being revoked and its device object removed; see: enrollctl devices show ${id}`);
  else output.out(`unenroll of ${id} requested: command ${answer.commandId} waits for the device's next session; see: enrollctl devices commands ${id}`);
}

export function commandTable(commands: readonly DeviceCommandView[]): string {
  if (commands.length === 0) return 'no commands';
  return table(
    ['ID', 'VERB', 'TARGET', 'STATUS', 'CODE', 'RESULT', 'CREATED', 'COMPLETED'],
    commands.map((command) => [
      command.id,
      command.verb,
      command.target,
      command.status,
      command.statusCode,
      resultText(command),
      formatTime(command.createdAt),
      formatTime(command.completedAt),
    ]),
  );
}

/** A Get's value(s) on one line, shortened for a table cell. */
function resultText(command: DeviceCommandView): string | undefined {
  const values = command.results?.map((result) => result.data ?? '').filter(Boolean);
  if (!values?.length) return undefined;
  const text = values.join(', ').replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function parseTtl(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 60_000 || ms > 30 * 86_400_000)
    throw new CliError(`--ttl must be a duration from 1m to 30d, such as 12h or 7d, not ${JSON.stringify(text)}`);
  return ms / 1000;
}

function oneOf(option: string, values: string[], text: string): string {
  const found = values.find((value) => value.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new CliError(`${option} must be one of ${values.join(', ')}, not ${JSON.stringify(text)}`);
  return found;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function devicePath(id: string): string {
  return `/v1/devices/${encodeURIComponent(id)}`;
}
