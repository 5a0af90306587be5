import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { contextOf } from '../command-context';
import { formatTime, prettyJson, table } from '../output';

interface PackageView {
  id: string;
  name: string;
  deviceNameTemplate: string;
  bulkTokenId: string;
  createdAt: string;
}

interface CreateOptions {
  name: string;
  template: string;
  tokenId: string;
  productKey?: string;
  sharedUse?: boolean;
  removePreinstalled?: boolean;
  hideOobe?: boolean;
  wifiSsid?: string;
  wifiType?: 'open' | 'wpa2-personal' | 'certificate';
  wifiKey?: string;
  wifiAutoConnect?: boolean;
  wifiHidden?: boolean;
  fields?: string;
  out?: string;
}

export function packagesCommand(): Command {
  const packages = new Command('packages').description("provisioning packages: the WCD wizard's settings, rendered as customizations.xml");

  packages
    .command('create')
    .description('create a provisioning package and, with --out, write its customizations.xml')
    .requiredOption('--name <name>', 'package name')
    .requiredOption('--template <template>', 'device name template, e.g. CONTOSO-%SERIAL% or CONTOSO-%RAND:4%')
    .requiredOption('--token-id <id>', 'id of the bulk token the devices enroll with')
    .option('--product-key <key>', 'edition upgrade product key (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)')
    .option('--shared-use', 'set the devices up for shared use')
    .option('--remove-preinstalled', 'remove preinstalled software')
    .option('--hide-oobe', 'hide the out-of-box experience')
    .option('--wifi-ssid <ssid>', 'Wi-Fi network to connect to')
    .addOption(new Option('--wifi-type <type>', 'Wi-Fi security').choices(['open', 'wpa2-personal', 'certificate']))
    .addOption(new Option('--wifi-key <key>', 'WPA2 pre-shared key (prefer the variable: flags show in process lists)').env('ENROLLCTL_WIFI_KEY'))
    .option('--wifi-auto-connect', 'connect to the network automatically')
    .option('--wifi-hidden', 'the network does not broadcast its SSID')
    .option('--fields <file.json>', 'a JSON file with more package fields (apps, certificates, …); flags override it')
    .option('--out <file>', 'write customizations.xml to this file (it holds the bulk token: keep it private)')
    .action(async (options: CreateOptions, command: Command) => {
      const { client, output } = contextOf(command);
      const keyOnCommandLine = command.getOptionValueSource('wifiKey') === 'cli';
      const created = await client.json<PackageView>('POST', '/v1/provisioning-packages', { body: packageBody(options, keyOnCommandLine) });
      const written = options.out ? await writeXml(client, created.id, options.out) : undefined;
      if (output.json) {
        output.out(prettyJson({ ...created, ...(written && { customizationsXmlFile: written }) }));
        return;
      }
      output.out(`created package ${created.id} (${created.name})`);
      if (written) output.out(`wrote ${written}: it holds the bulk token, keep it private`);
      else output.out(`customizations.xml: enrollctl packages xml ${created.id} --out customizations.xml`);
    });

  packages
    .command('xml')
    .description("a package's customizations.xml, for ICD.exe /Build-ProvisioningPackage")
    .argument('<id>', 'package id')
    .option('--out <file>', 'write it to this file instead of standard output')
    .action(async (id: string, options: { out?: string }, command: Command) => {
      const { client, output } = contextOf(command);
      if (!options.out) {
        process.stdout.write(await client.text(packageXmlPath(id)));
        return;
      }
      const written = await writeXml(client, id, options.out);
      output.out(output.json ? prettyJson({ id, customizationsXmlFile: written }) : `wrote ${written}: it holds the bulk token, keep it private`);
    });

  packages
    .command('list')
    .description('list provisioning packages')
    .action(async (_options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const items = await client.listAll<PackageView>('/v1/provisioning-packages');
      output.out(output.json ? prettyJson(items) : packageTable(items));
    });

  return packages;
}

/** The API body: the --fields file first, then every flag given; settings not asked for stay out. */
export function packageBody(options: CreateOptions, keyOnCommandLine = false): Record<string, unknown> {
  const base = options.fields ? readFields(options.fields) : {};
  const body: Record<string, unknown> = { ...base, name: options.name, deviceNameTemplate: options.template, bulkTokenId: options.tokenId };
  if (options.productKey !== undefined) body.productKey = options.productKey;
  if (options.sharedUse) body.sharedUse = true;
  if (options.removePreinstalled) body.removePreinstalledSoftware = true;
  if (options.hideOobe) body.hideOobe = true;
  // The key alone asks for no network: it may come from ENROLLCTL_WIFI_KEY, set for other packages.
  const wifiFlags = [options.wifiSsid, options.wifiType, options.wifiAutoConnect, options.wifiHidden];
  if (wifiFlags.some((flag) => flag !== undefined) || keyOnCommandLine) {
    const wifi: Record<string, unknown> = { ...(base.wifi as object | undefined) };
    if (options.wifiSsid !== undefined) wifi.ssid = options.wifiSsid;
    wifi.networkType = options.wifiType ?? wifi.networkType ?? (options.wifiKey !== undefined ? 'wpa2-personal' : 'open');
    // A key given on the command line for a network without one goes to the API, which says why it is refused.
    if (options.wifiKey !== undefined && (wifi.networkType === 'wpa2-personal' || keyOnCommandLine)) wifi.key = options.wifiKey;
    // Bulk-enrolled devices have no user, so a certificate network can only use the device certificate.
    if (wifi.networkType === 'certificate') wifi.certificateTarget ??= 'device';
    if (options.wifiAutoConnect) wifi.autoConnect = true;
    if (options.wifiHidden) wifi.hidden = true;
    if (wifi.ssid === undefined) throw new CliError('--wifi-ssid is required with the other --wifi-… options');
    body.wifi = wifi;
  }
  return body;
}

function readFields(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`--fields ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(`--fields ${path}: must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

function packageXmlPath(id: string): string {
  return `/v1/provisioning-packages/${encodeURIComponent(id)}/customizations.xml`;
}

async function writeXml(client: ApiClient, id: string, path: string): Promise<string> {
  const xml = await client.text(packageXmlPath(id));
  try {
    // Readable by its owner only: the file carries the bulk token.
    writeFileSync(path, xml, { mode: 0o600 });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return path;
}

export function packageTable(items: readonly PackageView[]): string {
  if (items.length === 0) return 'no provisioning packages';
  return table(
    ['ID', 'NAME', 'NAME TEMPLATE', 'BULK TOKEN', 'CREATED'],
    items.map((pkg) => [pkg.id, pkg.name, pkg.deviceNameTemplate, pkg.bulkTokenId, formatTime(pkg.createdAt)]),
  );
}
