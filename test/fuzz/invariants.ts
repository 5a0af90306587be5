import { Queue } from 'bullmq';
import { XMLValidator } from 'fast-xml-parser';
import { DEVICE_MANAGEMENT_QUEUE, pooled } from '@app/enrollment';
import { TestService } from '../support/service';
import { waitFor } from '../support/wait';
import { managementKeysOf } from './managed-devices';
import { Accepted } from './observations';

/** One check of the service's state after the run, with what breaks it (empty when it holds). */
export interface StateCheck {
  name: string;
  /** When false, a broken check is reported but does not fail the run. */
  failing: boolean;
  problems: string[];
}

export interface Settled {
  terminal: number;
  /** Accepted requests still queued or running at the deadline. */
  pending: Array<Accepted & { status: string }>;
  byOutcome: Map<string, number>;
  /** Requests that failed with an error the service did not expect (INTERNAL_ERROR, JOB_STALLED). */
  internal: Array<Accepted & { error: unknown }>;
}

const UNEXPECTED_CODES = new Set(['INTERNAL_ERROR', 'JOB_STALLED', 'INTAKE_INTERRUPTED']);

/** Polls every accepted request until it is succeeded or failed, or the deadline passes. */
export async function settleAccepted(service: TestService, accepted: Accepted[], timeoutMs: number): Promise<Settled> {
  const byId = new Map(accepted.map((each) => [each.requestId, each]));
  const pending = new Map<string, string>([...byId.keys()].map((id) => [id, 'unknown']));
  const settled: Settled = { terminal: 0, pending: [], byOutcome: new Map(), internal: [] };
  const poll = async () => {
    await pooled(
      [...pending.keys()].map((id) => async () => {
        const { status, body } = await service.admin('GET', `/v1/requests/${id}`);
        if (status !== 200) return pending.set(id, `HTTP ${status}`);
        if (body.status !== 'succeeded' && body.status !== 'failed') return pending.set(id, body.status);
        pending.delete(id);
        settled.terminal++;
        const outcome = body.status === 'failed' ? `failed ${body.error?.code}` : 'succeeded';
        settled.byOutcome.set(outcome, (settled.byOutcome.get(outcome) ?? 0) + 1);
        if (UNEXPECTED_CODES.has(body.error?.code)) settled.internal.push({ ...byId.get(id)!, error: body.error });
      }),
      16,
    );
    return pending.size === 0 ? true : undefined;
  };
  try {
    await waitFor(poll, { timeoutMs, intervalMs: 250, what: 'every accepted request to finish' });
  } catch {
    // Reported below, with the requests that did not finish.
  }
  settled.pending = [...pending].map(([id, status]) => ({ ...byId.get(id)!, status }));
  return settled;
}

/**
 * Every item of an admin list, page by page (offset, limit, total); a list that is not paged (no total)
 * is one page. Problems: pages that do not add up to the total, or an item listed twice.
 */
async function allItems(service: TestService, path: string): Promise<{ items: any[]; problems: string[] }> {
  const items: any[] = [];
  const problems: string[] = [];
  let total: number | undefined;
  for (let offset = 0; ; offset += 500) {
    const page = await service.admin('GET', `${path}?offset=${offset}&limit=500`);
    if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${page.text}`);
    items.push(...page.body.items);
    total = page.body.total;
    if (total === undefined || page.body.items.length === 0 || offset + 500 >= total) break;
  }
  if (total !== undefined && items.length !== total) problems.push(`${path} counted ${total} items but its pages held ${items.length}`);
  problems.push(
    ...duplicates(
      items,
      (item) => item.id,
      () => 'listed twice',
    ).map((problem) => `${path}: ${problem}`),
  );
  return { items, problems };
}

/** Keys sharing a value, e.g. two active devices of one user@device. */
function duplicates<T>(items: T[], key: (item: T) => string | undefined, describe: (item: T) => string): string[] {
  const seen = new Map<string, T[]>();
  for (const item of items) {
    const value = key(item);
    if (value !== undefined) seen.set(value, [...(seen.get(value) ?? []), item]);
  }
  return [...seen].filter(([, group]) => group.length > 1).map(([value, group]) => `${value}: ${group.map(describe).join(', ')}`);
}

async function records(service: TestService, pattern: string): Promise<Array<{ key: string; value: any }>> {
  const keys = await service.keys(pattern);
  const values: Array<{ key: string; value: any }> = [];
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const raws = await service.redis.mget(...batch);
    raws.forEach((raw, j) => raw !== null && values.push({ key: batch[j], value: raw.startsWith('{') ? JSON.parse(raw) : raw }));
  }
  return values;
}

/** The management keys of a device no caller may speak as, dumped before the run. */
export interface ManagementSnapshot {
  deviceObjectId: string;
  keys: Map<string, string>;
}

/** Keys added, removed or changed since the snapshot. */
async function managementChanges(service: TestService, snapshot: ManagementSnapshot): Promise<string[]> {
  const after = await managementKeysOf(service, snapshot.deviceObjectId);
  const name = (key: string) => key.slice(key.indexOf(':mdm:') + 1);
  return [
    ...[...after.keys()].filter((key) => !snapshot.keys.has(key)).map((key) => `${name(key)} written`),
    ...[...snapshot.keys.keys()].filter((key) => !after.has(key)).map((key) => `${name(key)} removed`),
    ...[...after].filter(([key, dump]) => snapshot.keys.has(key) && snapshot.keys.get(key) !== dump).map(([key]) => `${name(key)} changed`),
  ];
}

/**
 * Waits until the device-management queue has nothing waiting, running or delayed (the revocation a renewal
 * schedules after its grace period): what it returns is what is left, with the jobs that failed.
 */
async function drainDeviceManagement(service: TestService, timeoutMs: number): Promise<{ left: number; failed: string[] }> {
  let counts: Partial<Record<string, number>> = {};
  const left = () => (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
  try {
    await waitFor(
      async () => {
        counts = await service.jobCounts(DEVICE_MANAGEMENT_QUEUE);
        return left() === 0 ? true : undefined;
      },
      { timeoutMs, intervalMs: 250, what: 'the device-management queue to drain' },
    );
  } catch {
    // Reported as a check below.
  }
  return { left: left(), failed: counts.failed ? await failedJobs(service) : [] };
}

/** The device-management jobs that failed, with why. */
async function failedJobs(service: TestService): Promise<string[]> {
  const queue = new Queue(DEVICE_MANAGEMENT_QUEUE, { connection: service.redis, prefix: service.keyNames.bullPrefix });
  try {
    return (await queue.getFailed(0, 20)).map((job) => `${job.name} ${job.id}: ${job.failedReason}`);
  } finally {
    await queue.close();
  }
}

/**
 * The state after the run: no duplicate device (per user@device, per package + serial), name or certificate,
 * one certificate per request and one MDM enrollment per device, no bulk token used beyond its maxUses, and
 * customizations.xml well-formed for every package the fuzz made; the management of a device nobody spoke
 * to as it (with its certificate) unchanged; device-management jobs (renewals' revocations included) finished.
 */
export async function checkState(service: TestService, management: ManagementSnapshot, drainMs = 60_000): Promise<StateCheck[]> {
  const drained = await drainDeviceManagement(service, drainMs);
  const { items: devices, problems: listing } = await allItems(service, '/v1/devices');
  const active = devices.filter((device) => device.status === 'active');
  const workplace = active.filter((device) => device.trustType === 'Workplace');
  const bulk = active.filter((device) => device.trustType === 'AzureAd');
  const describe = (device: any) => `${device.id} (request ${device.requestId})`;

  const certificates = (await records(service, 'pki:cert:*')).map(({ value }) => value);
  const byDevice = new Map(devices.map((device) => [device.id, device]));
  const names = await records(service, 'dir:name:*');
  const enrollments = (await records(service, 'mdm:enrollment:*')).map(({ value }) => value);

  const { items: tokens, problems: tokenListing } = await allItems(service, '/v1/bulk-tokens');
  const { items: packages, problems: packageListing } = await allItems(service, '/v1/provisioning-packages');
  const xmlProblems = (
    await pooled(
      packages.map((pkg) => async () => {
        const response = await service.admin('GET', `/v1/provisioning-packages/${pkg.id}/customizations.xml`);
        // A package whose token is spent or revoked is refused (409) by design; there is no XML to check.
        if (response.status !== 200) return response.status >= 500 ? `${pkg.id}: ${response.status} ${response.text.slice(0, 200)}` : undefined;
        const valid = XMLValidator.validate(response.text);
        return valid === true ? undefined : `${pkg.id}: ${JSON.stringify(valid.err)}`;
      }),
      8,
    )
  ).filter((problem): problem is string => problem !== undefined);

  return [
    { name: 'admin list pages add up', failing: true, problems: [...listing, ...tokenListing, ...packageListing] },
    {
      name: 'one active Workplace device per user@device',
      failing: true,
      problems: duplicates(workplace, (device) => `${device.userPrincipalName?.toLowerCase()}|${device.deviceId?.toLowerCase()}`, describe),
    },
    {
      name: 'one active bulk device per package + serial',
      failing: true,
      problems: duplicates(bulk, (device) => `${device.packageId}|${device.serialNumber?.toUpperCase()}`, describe),
    },
    { name: 'unique names among active bulk devices', failing: true, problems: duplicates(bulk, (device) => device.displayName?.toUpperCase(), describe) },
    { name: 'no certificate shared by two devices', failing: true, problems: duplicates(devices, (device) => device.certificate?.serialNumber, describe) },
    {
      // A device that re-enrolls with a new key gets a new certificate; the one it replaces is revoked.
      name: 'one valid certificate per device object',
      failing: true,
      problems: duplicates(
        certificates.filter((certificate) => certificate.status !== 'revoked'),
        (certificate) => certificate.deviceObjectId,
        (certificate) => certificate.serialNumber,
      ),
    },
    {
      name: 'one certificate per request',
      failing: true,
      problems: duplicates(
        certificates,
        (certificate) => certificate.requestId,
        (certificate) => certificate.serialNumber,
      ),
    },
    {
      name: 'one MDM enrollment per device',
      failing: true,
      problems: duplicates(
        enrollments,
        (enrollment) => enrollment.deviceObjectId,
        (enrollment) => enrollment.id,
      ),
    },
    {
      name: 'bulk tokens within maxUses',
      failing: true,
      problems: tokens
        .filter((token) => token.maxUses !== null && token.uses > token.maxUses)
        .map((token) => `${token.id}: ${token.uses} uses of ${token.maxUses}`),
    },
    {
      name: 'name index holds only active devices of that name',
      failing: false,
      problems: names
        .filter(({ key, value }) => {
          const device = byDevice.get(value);
          return device?.status !== 'active' || device.displayName.toUpperCase() !== key.slice(key.lastIndexOf(':') + 1);
        })
        .map(({ key, value }) => `${key.slice(key.indexOf('dir:name:'))} → ${value} (${byDevice.get(value)?.status ?? 'no such device'})`),
    },
    { name: 'customizations.xml well-formed for every package', failing: true, problems: xmlProblems },
    {
      // Its DeviceID came with no certificate, a bad one, another device's, or its own from an untrusted address.
      name: 'nothing of a device recorded for callers without its certificate',
      failing: true,
      problems: await managementChanges(service, management),
    },
    {
      name: 'device-management jobs all finished',
      failing: true,
      problems: drained.left ? [`${drained.left} waiting, running or delayed`] : [],
    },
    // A record-session job the worker refuses loses what the device reported in a message the orchestrator answered.
    { name: 'no device-management job failed', failing: true, problems: drained.failed },
  ];
}
