import { createPrivateKey, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { mde2Urls } from '@app/enrollment';
import { renewalRequest } from '@app/enrollment/pki/testing/renewal-request';
import { selfSignedServerCertificate } from '@app/enrollment/pki/testing/server-certificate';
import { windowsCsr } from '@app/enrollment/pki/testing/windows-csr';
import { enrollOverMde2, Mde2Device } from '../support/mde2-device';
import { TestService } from '../support/service';
import { Labeled } from './hostile-values';

/** A PKCS#7 renewal token (base64), `valid` when it is one the device itself would send. */
export type RenewalToken = Labeled<string> & { valid: boolean };

/** Devices enrolled over MS-MDE2 before the run, each with its part in it. */
export interface ManagedFixtures {
  managementUrl: string;
  /** Open management sessions, and receive admin commands. */
  active: Mde2Device[];
  /** Its messages may carry Alert 1226: it unenrolls itself during the run. */
  leaving: Mde2Device;
  /**
   * Named as the Source of messages that come with no certificate, a bad one, another device's, or its own
   * from an untrusted address (its certificate goes with other devices' DeviceIDs only): nothing of its
   * management may change.
   */
  bystander: Mde2Device;
  /** Devices the unenrollment route ends (asked or forced), so that the others stay. */
  unenrollable: string[];
  /** Renews its certificate with the tokens below. */
  renewing: Mde2Device;
  renewalTokens: RenewalToken[];
  /** Certificates (PEM) that are not a device's of this service. */
  foreign: Array<Labeled<string>>;
}

/** The device's CSR as Windows makes it for a renewal: the same subject, a new key. */
const renewalCsr = (device: Mde2Device, key: KeyObject) =>
  windowsCsr({ commonName: `B1C43CD0-1624-5FBB-8E54-34CF17DFD3A1!${device.mdmDeviceId}`, privateKey: key }).der;

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function renewalTokens(device: Mde2Device): RenewalToken[] {
  const [first, second] = [newKey(), newKey()];
  const own = { certificatePem: device.certificatePem, privateKey: device.privateKey };
  const stranger = selfSignedServerCertificate({ names: [device.id] });
  const signed = renewalRequest({ csrDer: renewalCsr(device, first), ...own });
  const token = (label: string, der: Buffer, valid = false): RenewalToken => ({ label, value: der.toString('base64'), valid });
  return [
    token('renewal signed by the device', signed, true),
    token('renewal signed by the device, another new key', renewalRequest({ csrDer: renewalCsr(device, second), ...own }), true),
    token('renewal with the request base64 inside', renewalRequest({ csrDer: renewalCsr(device, first), ...own, base64Content: true }), true),
    token('renewal without signed attributes', renewalRequest({ csrDer: renewalCsr(device, first), ...own, withoutSignedAttributes: true }), true),
    token('renewal signed by another key', renewalRequest({ csrDer: renewalCsr(device, first), certificatePem: device.certificatePem, privateKey: newKey() })),
    token(
      'renewal signed by a self-signed certificate naming the device',
      renewalRequest({ csrDer: renewalCsr(device, first), certificatePem: stranger.cert, privateKey: createPrivateKey(stranger.key) }),
    ),
    token('renewal of bytes that are not a CSR', renewalRequest({ csrDer: randomBytes(300), ...own })),
    token('renewal of a CSR for the old key', renewalRequest({ csrDer: renewalCsr(device, device.privateKey), ...own })),
    token('renewal truncated', signed.subarray(0, Math.floor(signed.length / 2))),
    token('renewal with a flipped byte', Buffer.from(signed.map((byte, i) => (i === signed.length - 40 ? byte ^ 0xff : byte)))),
    token('a PKCS#10 instead of a PKCS#7', renewalCsr(device, first)),
    token('the device certificate instead of a PKCS#7', new X509Certificate(device.certificatePem).raw),
    token('random bytes', randomBytes(700)),
    token('DER with a nested length bomb', Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xff])),
    { label: 'token not base64', value: '@@@@!!!!', valid: false },
    { label: 'empty token', value: '', valid: false },
    { label: 'token of 80 KiB', value: 'QUFB'.repeat(20_000), valid: false },
  ];
}

/**
 * Enrolls the devices the management and unenrollment rows use, over the fuzz package's MS-MDE2 account,
 * and queues a command for the bystander, so that an answer given to a caller who is not it would show
 * (its command marked sent).
 */
export async function prepareManagedDevices(service: TestService, account: string, secret: string, caPem: string): Promise<ManagedFixtures> {
  const enrolled = await Promise.all(Array.from({ length: 7 }, () => enrollOverMde2(service, secret, account)));
  const [active1, active2, leaving, bystander, unenrollable1, unenrollable2, renewing] = enrolled;
  const queued = await service.admin('POST', `/v1/devices/${bystander.id}/commands`, { verb: 'Get', target: './DevDetail/SwV' });
  if (queued.status !== 201) throw new Error(`fixture command for ${bystander.id}: ${queued.status} ${queued.text}`);
  return {
    managementUrl: mde2Urls(service.baseUrl).management,
    active: [active1, active2],
    leaving,
    bystander,
    unenrollable: [unenrollable1.id, unenrollable2.id],
    renewing,
    renewalTokens: renewalTokens(renewing),
    foreign: [
      { label: 'self-signed certificate naming the device', value: selfSignedServerCertificate({ names: [bystander.id] }).cert },
      { label: 'self-signed certificate', value: selfSignedServerCertificate().cert },
      { label: "the service's CA certificate", value: caPem },
    ],
  };
}

/**
 * The management keys of the bystander (sessions, management record, commands), dumped: equal before and
 * after the run when no caller but the device itself was ever answered for it.
 */
export async function managementKeysOf(service: TestService, deviceObjectId: string): Promise<Map<string, string>> {
  const keys = (
    await Promise.all(
      [`mdm:session:${deviceObjectId}:*`, `mdm:managed:${deviceObjectId}`, `mdm:commands:${deviceObjectId}*`].map((pattern) => service.keys(pattern)),
    )
  ).flat();
  const dumps = await Promise.all(
    keys.map(async (key) => {
      // A key may expire between the scan and its dump.
      const dump = (await service.redis.dumpBuffer(key)) as Buffer | null;
      return [key, dump?.toString('hex') ?? 'gone'] as const;
    }),
  );
  return new Map(dumps);
}
