import fc from 'fast-check';
import { Mde2Device } from '../support/mde2-device';
import type { BodyDraft, DraftKind } from './body';
import { Presented, presentedAs } from './device-certificates';
import type { Input } from './endpoints';
import type { FuzzContext } from './fixtures';
import { renewalBodies } from './soap';
import { syncmlBodies } from './syncml';

/** Inputs of the endpoints a device calls with its certificate: the management server and MS-WSTEP renewal. */

interface Part {
  kind: DraftKind;
  label: string;
}
const RANK: Record<DraftKind, number> = { valid: 0, 'hostile-field': 1, garbage: 2 };

function deviceInput(path: string, presented: Presented, body: BodyDraft, parts: Part[], unauthenticated: string | undefined): Input {
  const all: Part[] = [{ kind: presented.valid ? 'valid' : 'hostile-field', label: presented.label }, ...parts, { kind: body.kind, label: body.label }];
  const hostile = all.filter((part) => part.kind !== 'valid');
  return {
    kind: all.reduce<DraftKind>((worst, part) => (RANK[part.kind] > RANK[worst] ? part.kind : worst), 'valid'),
    label: hostile.length ? hostile.map((part) => part.label).join(' + ') : 'valid',
    method: 'POST',
    target: path,
    body,
    headers: presented.headers,
    from: presented.from,
    unauthenticated,
  };
}

/** Query parameters Windows adds to the management URL, and ones it does not. */
const QUERIES = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'valid' as const, label: 'valid', value: '' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('?mode=Maintenance', '?Platform=WoA', '?mode=Maintenance&Platform=WoA')
      .map((value) => ({ kind: 'valid' as const, label: 'valid', value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('?mode=%ZZ', `?mode=${'M'.repeat(4000)}`, '?__proto__[x]=1', '?mode=a&mode=b')
      .map((value) => ({ kind: 'hostile-field' as const, label: 'hostile query', value })),
  },
);

/**
 * Why a message is not a device speaking as itself, if it is not: the certificate (none, a bad one, one from
 * an untrusted address) or a Source that is not the certificate's device's DeviceID. Another device's
 * certificate with that device's own DeviceID is that device speaking.
 */
function unauthenticatedAs(presented: Presented, source: { value: string; foreign: boolean }, bodyLabel: string): string | undefined {
  if (!presented.owner) return presented.label;
  if (bodyLabel.startsWith('hostile Source')) return 'a Source that is not its DeviceID';
  if (source.foreign) return source.value === presented.owner.mdmDeviceId ? undefined : 'the Source of another device';
  return presented.valid ? undefined : presented.label;
}

/** Which device a message speaks as, with what it presents, and whether the device itself may say so. */
interface Speaker {
  device: Mde2Device;
  /** Its own certificate is among what it presents. */
  own: boolean;
  /** Its messages with its own DeviceID may carry the Alert that unenrolls it (never another device's, which would end that one). */
  unenroll: boolean;
}

/**
 * POST /ManagementServer/MDM.svc: the fixture's active devices (mostly with their own certificate), the
 * bystander (never with its own, so nothing of it may change), the leaving device (which may unenroll itself),
 * each with the Source of its own DeviceID or now and then another device's.
 */
export function managementInputs(ctx: FuzzContext, path: string): fc.Arbitrary<Input> {
  const { active, bystander, leaving, managementUrl } = ctx.managed;
  const speakers = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...active).map((device): Speaker => ({ device, own: true, unenroll: false })) },
    { weight: 3, arbitrary: fc.constant<Speaker>({ device: bystander, own: false, unenroll: false }) },
    { weight: 1, arbitrary: fc.constant<Speaker>({ device: leaving, own: true, unenroll: true }) },
  );
  return speakers.chain(({ device, own, unenroll }) =>
    presentedAs(ctx.managed, device, own).chain((presented) => {
      // The bystander's certificate with its own DeviceID would be the bystander speaking.
      const others = [...active, bystander, leaving].filter((other) => other !== device && !(other === bystander && presented.owner === bystander));
      const sources = fc.oneof(
        { weight: 14, arbitrary: fc.constant({ kind: 'valid' as const, label: 'valid', value: device.mdmDeviceId, foreign: false }) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...others)
            .map((other) => ({ kind: 'hostile-field' as const, label: 'Source of another device', value: other.mdmDeviceId, foreign: true })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(device.mdmDeviceId.toLowerCase(), ` ${device.mdmDeviceId} `, `{${device.mdmDeviceId}}`)
            .map((value) => ({ kind: 'hostile-field' as const, label: 'Source of the DeviceID written otherwise', value, foreign: false })),
        },
      );
      return fc
        .tuple(sources, QUERIES)
        .chain(([source, query]) =>
          syncmlBodies({ source: source.value, target: managementUrl, device: device.mdmDeviceId }, { unenroll: unenroll && !source.foreign }).map((body) =>
            deviceInput(`${path}${query.value}`, presented, body, [source, query], unauthenticatedAs(presented, source, body.label)),
          ),
        );
    }),
  );
}

/** POST /EnrollmentServer/Enrollment.svc with RequestType Renew: the renewing device's PKCS#7 tokens, with and without its certificate. */
export function renewalInputs(ctx: FuzzContext, path: string): fc.Arbitrary<Input> {
  return fc
    .tuple(presentedAs(ctx.managed, ctx.managed.renewing), renewalBodies(ctx))
    .map(([presented, body]) => deviceInput(path, presented, body, [], presented.valid ? undefined : presented.label));
}
