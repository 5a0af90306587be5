import { Command, Option } from 'commander';
import { Query } from '../api-client';
import { CliError } from '../cli-error';
import { CommandContext, contextOf } from '../command-context';
import { formatTime, keyValues, prettyJson, sccmText, table } from '../output';
import { waitForRequest } from '../requests/request-wait';
import { deviceCommandsCommands } from './device-commands.command';
import { devicesImportCommand } from './devices-import.command';
import { requestFailure, requestText, RequestView, timeoutOption } from './requests.command';

/** A directory device object as GET /v1/devices answers it. */
export interface DeviceView {
  id: string;
  deviceId: string;
  displayName: string;
  trustType: string;
  status: string;
  userPrincipalName?: string;
  domain?: string;
  osVersion: string;
  serialNumber?: string;
  hardwareId?: string;
  packageId?: string;
  enrollmentType?: string;
  sccm?: Record<string, string | number>;
  certificate: { serialNumber: string; thumbprint: string; notAfter: string };
  registeredAt: string;
  removedAt?: string;
  requestId: string;
  /** For a device enrolled over MS-MDE2 that opened a management session. */
  management?: {
    lastCheckInAt?: string;
    sessions: number;
    inventory?: Record<string, string>;
    unenrollRequestedAt?: string;
    unenrolledAt?: string;
    unenrollReason?: string;
  };
}

export interface ListOptions {
  user?: string;
  name?: string;
  serial?: string;
  enrollmentType?: string;
  status?: string;
  trustType?: string;
}

interface RevokeOptions {
  wait: boolean;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Accepted {
  requestId: string;
  status: string;
}

export function devicesCommand(): Command {
  const devices = new Command('devices').description('directory device objects of both flows, and the Configuration Manager import');

  devices
    .command('list')
    .description('list device objects, newest first; filters combine')
    .option('--user <upn>', "a user's Workplace Join devices (the whole UPN, ignoring case)")
    .option('--name <text>', 'devices whose name contains this text (ignoring case)')
    .option('--serial <serial>', 'the serial number, or the one Configuration Manager gave (ignoring case)')
    .option('--enrollment-type <type>', 'e.g. windowsBulkAzureDomainJoin')
    .addOption(new Option('--status <status>', 'active or removed').argParser(parseStatus))
    .addOption(new Option('--trust-type <type>', 'Workplace (Workplace Join) or AzureAd (bulk enrollment)').argParser(parseTrustType))
    .action(async (options: ListOptions, command: Command) => {
      const { client, output } = contextOf(command);
      const items = await client.listAll<DeviceView>('/v1/devices', deviceFilters(options));
      output.out(output.json ? prettyJson(items) : deviceTable(items));
    });

  devices
    .command('show')
    .description('one device object: user, serial number, Configuration Manager ids, certificate')
    .argument('<id>', 'device object id (the ID column of devices list)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const device = await client.json<DeviceView>('GET', devicePath(id));
      output.out(output.json ? prettyJson(device) : deviceText(device));
    });

  devices
    .command('revoke')
    .description('a lost or stolen device: revoke its certificate in the CRL and remove its device object')
    .argument('<id>', 'device object id (the ID column of devices list)')
    .option('--no-wait', 'return once the request is accepted')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Workplace Join devices only: the user's leave is run for them, whatever their token. A device enrolled
over MS-MDE2 is unenrolled instead (enrollctl devices unenroll <id> --force); other bulk-enrolled devices
are unenrolled by the MDM they joined. The API refuses both (DEVICE_REVOKE_UNSUPPORTED).

Exit status: 0 revoked (or, with --no-wait, accepted), 3 the request failed, 4 still running at the
timeout (enrollctl requests wait <request> waits again), 1 error.`,
    )
    .action(async (id: string, options: { wait: boolean; timeout: number }, command: Command) => {
      await revokeDevice(contextOf(command), id, { wait: options.wait, timeoutMs: options.timeout });
    });

  for (const command of deviceCommandsCommands()) devices.addCommand(command);
  devices.addCommand(devicesImportCommand());
  return devices;
}

/** The list's flags as GET /v1/devices names them. */
export function deviceFilters(options: ListOptions): Query {
  const { user, name, serial, enrollmentType, status, trustType } = options;
  const filters: Query = { user, name, serialNumber: serial, enrollmentType, status, trustType };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

export function parseTrustType(text: string): string {
  return oneOf('--trust-type', ['Workplace', 'AzureAd'], text);
}

export function parseStatus(text: string): string {
  return oneOf('--status', ['active', 'removed'], text);
}

function oneOf(option: string, values: string[], text: string): string {
  const found = values.find((value) => value.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new CliError(`${option} must be ${values.join(' or ')}, not ${JSON.stringify(text)}`);
  return found;
}

/**
 * Revokes a device's certificate and removes its object (POST /v1/devices/{id}/revoke); unless told not
 * to wait, waits for the request and says what was done. A failed request is a CliError (exit 3).
 */
export async function revokeDevice(context: CommandContext, id: string, options: RevokeOptions): Promise<void> {
  const { client, output } = context;
  const device = await client.json<DeviceView>('GET', devicePath(id));
  const accepted = await client.json<Accepted>('POST', `${devicePath(id)}/revoke`);
  if (!options.wait) {
    output.out(
      output.json
        ? prettyJson(accepted)
        : `revoke of ${device.displayName} requested: request ${accepted.requestId} (${accepted.status}); follow it with: enrollctl requests wait ${accepted.requestId}`,
    );
    return;
  }
  output.err(`revoking ${device.displayName} (${[device.userPrincipalName, device.id].filter(Boolean).join(', ')}): request ${accepted.requestId}`);
  const request = await waitForRequest<RequestView>(client, accepted.requestId, { timeoutMs: options.timeoutMs, sleep: options.sleep });
  if (output.json) output.out(prettyJson(request));
  else if (request.status === 'failed') output.out(requestText(request));
  else {
    const who = device.userPrincipalName ? ` (${device.userPrincipalName})` : '';
    output.out(`revoked ${device.displayName}${who}: certificate ${device.certificate.serialNumber} is in the CRL and device object ${device.id} is removed`);
  }
  if (request.status === 'failed') throw requestFailure(request);
}

export function deviceTable(devices: readonly DeviceView[]): string {
  if (devices.length === 0) return 'no devices';
  return table(
    ['ID', 'NAME', 'TRUST TYPE', 'STATUS', 'USER', 'SERIAL NUMBER', 'REGISTERED'],
    devices.map((device) => [
      device.id,
      device.displayName,
      device.trustType,
      device.status,
      device.userPrincipalName,
      device.serialNumber ?? device.sccm?.serialNumber,
      formatTime(device.registeredAt),
    ]),
  );
}

export function deviceText(device: DeviceView): string {
  return keyValues([
    ['id', device.id],
    ['name', device.displayName],
    ['trust type', device.trustType],
    ['status', device.status],
    ['user', device.userPrincipalName],
    ['domain', device.domain],
    ['device id', device.deviceId],
    ['os version', device.osVersion],
    ['serial number', device.serialNumber],
    ['hardware id', device.hardwareId],
    ['package', device.packageId],
    ['enrollment', device.enrollmentType],
    ['sccm', device.sccm && sccmText(device.sccm)],
    ['certificate', device.certificate.serialNumber],
    ['thumbprint', device.certificate.thumbprint],
    ['not after', formatTime(device.certificate.notAfter)],
    ['registered', formatTime(device.registeredAt)],
    ['removed', formatTime(device.removedAt)],
    ['request', device.requestId],
    ...managementLines(device.management),
  ]);
}

/** The management server's record: check-ins, inventory, unenrollment. */
function managementLines(management: DeviceView['management']): Array<[string, string | number | undefined]> {
  if (!management) return [];
  const inventory = management.inventory ?? {};
  const unenrolled = management.unenrolledAt && `${formatTime(management.unenrolledAt)} (${management.unenrollReason})`;
  return [
    ['last check-in', formatTime(management.lastCheckInAt)],
    ['sessions', management.sessions],
    ['os', [inventory.osPlatform, inventory.osVersion].filter(Boolean).join(' ')],
    ['model', [inventory.manufacturer, inventory.model].filter(Boolean).join(' ')],
    ['firmware', inventory.firmwareVersion],
    ['unenroll asked', formatTime(management.unenrollRequestedAt)],
    ['unenrolled', unenrolled],
  ];
}

function devicePath(id: string): string {
  return `/v1/devices/${encodeURIComponent(id)}`;
}
