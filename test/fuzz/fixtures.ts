import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { signHook } from '@app/enrollment';
import { OpensslWorkspace } from '../support/openssl';
import { TestService } from '../support/service';
import { Authorization, CredentialSet, forgeCredentials, oddUserTokens } from './credentials';
import { Labeled } from './hostile-values';
import { ManagedFixtures, prepareManagedDevices } from './managed-devices';

/** What the endpoint rows draw from: credentials, CSRs, and ids that exist in the service under test. */
export interface FuzzContext {
  credentials: CredentialSet;
  /** Valid CSRs (PEM and base64 DER): requests with them run to the end. */
  csrs: string[];
  /** CSRs that pass the API's checks and must be refused by the worker's certificate step. */
  badCsrs: Array<Labeled<string>>;
  hookSecret: string;
  /** Workplace Join device ids: joins and leaves of a few users race on these. */
  deviceIds: string[];
  /** Serial numbers shared by the bulk enrollments and the hooks, so that devices enroll again and names collide. */
  serials: string[];
  /** Packages of the main bulk token: random names, and two with serial-number names (which collide). */
  packageIds: string[];
  /** A package whose token allows three devices, for many more that try. */
  limited: { packageId: string; bulk: Authorization };
  /** Bulk tokens the fuzz may revoke (never the main one). */
  sacrificialTokenIds: string[];
  mainTokenId: string;
  requestIds: string[];
  deviceObjectIds: string[];
  inventorySerials: string[];
  /** Hook event ids reused across inputs, so that some hooks are replays. */
  hookEventIds: string[];
  /** MS-MDE2: the enrollment account of a package, its secret (the main bulk token), and devices that enroll again and again. */
  mde2: { account: string; secret: string; revokedSecret: string; deviceIds: string[]; csrs: string[] };
  /** Devices enrolled over MS-MDE2 for the management, device command, unenrollment and renewal rows. */
  managed: ManagedFixtures;
}

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** An admin call that sets the fuzz up; it must succeed. */
async function admin(service: TestService, method: string, path: string, body?: unknown): Promise<any> {
  const response = await service.admin(method, path, body);
  if (response.status >= 300) throw new Error(`fixture ${method} ${path}: ${response.status} ${response.text}`);
  return response.body;
}

function opensslCsr(openssl: OpensslWorkspace, name: string, args: string[]): string {
  const out = join(openssl.dir, `${name}.csr`);
  execFileSync('openssl', ['req', '-new', '-nodes', '-keyout', join(openssl.dir, `${name}.key`), '-subj', '/CN=fuzz', '-out', out, ...args], {
    stdio: 'ignore',
  });
  return readFileSync(out, 'utf8');
}

function badCsrs(openssl: OpensslWorkspace, good: string, caPem: string): Array<Labeled<string>> {
  const der = OpensslWorkspace.pemToBase64Der(good);
  const flipped = der.slice(0, -12) + (der.at(-12) === 'A' ? 'B' : 'A') + der.slice(-11);
  return [
    { label: 'CSR with an EC P-256 key', value: opensslCsr(openssl, 'ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']) },
    { label: 'CSR with an Ed25519 key', value: opensslCsr(openssl, 'ed25519', ['-newkey', 'ed25519']) },
    { label: 'CSR with RSA 1024 and SHA-1', value: opensslCsr(openssl, 'weak', ['-newkey', 'rsa:1024', '-sha1']) },
    { label: 'CSR whose signature does not verify', value: flipped },
    { label: 'a certificate instead of a CSR', value: caPem },
    { label: 'CSR armour around garbage', value: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA!!!!\n-----END CERTIFICATE REQUEST-----\n' },
    { label: 'CSR armour only', value: '-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----' },
    { label: 'CSR truncated DER', value: der.slice(0, Math.floor(der.length / 2)) },
    { label: 'CSR twice', value: `${good}${good}` },
    { label: 'CSR with text before it', value: `Subject: CN=x\n${good}` },
    { label: 'CSR with CRLF and spaces', value: good.replace(/\n/g, '\r\n   ') },
    { label: 'CSR of 16 KiB of A', value: 'A'.repeat(16384) },
    { label: 'CSR of random base64', value: Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 7919) % 256)).toString('base64') },
    { label: 'CSR with the wrong armour', value: good.replace(/CERTIFICATE REQUEST/g, 'PRIVATE KEY') },
    {
      label: 'CSR DER with a nested length bomb',
      value: Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]).toString('base64'),
    },
  ];
}

/**
 * Sets up what the fuzz needs in a running service: tokens, packages, CSRs, one finished request of each
 * flow (so that reads find something). Ids that inputs use are made from the seed, so a replay sends the same.
 */
export async function prepareFixtures(service: TestService, openssl: OpensslWorkspace, seed: number, hookSecret: string): Promise<FuzzContext> {
  const deviceIds = fc.sample(fc.uuid({ version: 4 }), { seed, numRuns: 10 });
  const hookEventIds = fc.sample(fc.uuid({ version: 4 }), { seed: seed + 1, numRuns: 8 }).map((id) => `evt-${id}`);
  const serials = [...fc.sample(fc.stringMatching(/^[A-Z0-9]{6,10}$/), { seed: seed + 2, numRuns: 14 }), 'SN-SHARED-1', 'sn-shared-1', 'X'.repeat(40)];

  const pems = Array.from({ length: 3 }, () => openssl.csr().pem);
  const csrs = [...pems, OpensslWorkspace.pemToBase64Der(pems[0])];
  const caPem = (await service.api('GET', '/v1/pki/ca.pem')).text;

  const upns = ['alice@contoso.com', 'bob@contoso.com', 'carol@fabrikam.com'];
  const userTokens = await Promise.all(upns.map((upn) => service.userToken(upn)));
  const devKey = JSON.parse((await service.redis.get(service.keyNames.devIdentityProvider))!);

  const main = await admin(service, 'POST', '/v1/bulk-tokens', { expiresAt: inDays(30) });
  const limitedToken = await admin(service, 'POST', '/v1/bulk-tokens', { expiresAt: inDays(30), maxUses: 3 });
  const sacrificial = await Promise.all([1, 2].map(() => admin(service, 'POST', '/v1/bulk-tokens', { expiresAt: inDays(2) })));
  const revoked = await admin(service, 'POST', '/v1/bulk-tokens', { expiresAt: inDays(2) });
  await admin(service, 'DELETE', `/v1/bulk-tokens/${revoked.id}`);

  const packages = await Promise.all([
    admin(service, 'POST', '/v1/provisioning-packages', { name: 'Fuzz random', deviceNameTemplate: 'FZ-%RAND:5%', bulkTokenId: main.id }),
    admin(service, 'POST', '/v1/provisioning-packages', {
      name: 'Fuzz serial A',
      deviceNameTemplate: 'S%SERIAL%',
      bulkTokenId: main.id,
      wifi: { ssid: 'Fuzz <&>', networkType: 'wpa2-personal', key: 'k&y"<>12345' },
    }),
    admin(service, 'POST', '/v1/provisioning-packages', { name: 'Fuzz serial B', deviceNameTemplate: 'S%SERIAL%', bulkTokenId: main.id }),
  ]);
  const mde2Account = 'enroll@fuzz.contoso.com';
  await admin(service, 'POST', '/v1/provisioning-packages', {
    name: 'Fuzz MS-MDE2',
    deviceNameTemplate: 'FZM-%RAND:4%',
    bulkTokenId: main.id,
    mdmEnrollment: { userPrincipalName: mde2Account },
  });
  const limitedPackage = await admin(service, 'POST', '/v1/provisioning-packages', {
    name: 'Fuzz limited',
    deviceNameTemplate: 'LIM-%RAND:4%',
    bulkTokenId: limitedToken.id,
  });

  await admin(service, 'POST', '/v1/inventory/devices', {
    devices: [{ name: 'INV1', serialNumber: serials[0], smbiosGuid: '4C4C4544-0031-3510-8052-B4C04F4E4B31', resourceId: 16777220, adSite: 'Paris' }],
  });

  // One finished request of each flow, so that reads by id find a request and a device.
  const join = await service.api('POST', '/v1/workplace-joins', {
    token: userTokens[0],
    body: { deviceId: deviceIds[0], deviceName: 'FUZZ0', domain: 'contoso.com', osVersion: '6.1.7601', csr: csrs[0] },
  });
  const enroll = await service.api('POST', '/v1/bulk-enrollments', {
    token: main.token,
    body: { packageId: packages[0].id, serialNumber: serials[0], osVersion: '10.0.19045', csr: csrs[1] },
  });
  const requestIds = [join.body.requestId, enroll.body.requestId] as string[];
  const finished = await Promise.all(requestIds.map((id) => service.finished(id)));
  for (const request of finished) if (request.status !== 'succeeded') throw new Error(`fixture request ${request.requestId}: ${JSON.stringify(request.error)}`);
  const managed = await prepareManagedDevices(service, mde2Account, main.token, caPem);

  const bearer = (token: string) => `Bearer ${token}`;
  const forged = await forgeCredentials({
    adminKey: service.adminKey,
    devKey,
    sampleUserToken: userTokens[0],
    bulkToken: main.token,
    revokedBulkToken: revoked.token,
  });
  // The hook's secret must never pass as a credential, nor its signature as a bearer token.
  forged.push({ label: 'hook signature as a bearer token', value: bearer(signHook(hookSecret, '1', '{}')) });

  return {
    credentials: {
      admin: bearer(service.adminKey),
      users: userTokens.map(bearer),
      oddUsers: await oddUserTokens(devKey, userTokens[0]),
      bulk: bearer(main.token),
      forged,
    },
    csrs,
    badCsrs: badCsrs(openssl, pems[1], caPem),
    hookSecret,
    deviceIds,
    serials,
    packageIds: packages.map((pkg) => pkg.id),
    limited: { packageId: limitedPackage.id, bulk: bearer(limitedToken.token) },
    sacrificialTokenIds: [...sacrificial.map((token) => token.id), revoked.id],
    mainTokenId: main.id,
    requestIds,
    deviceObjectIds: finished.map((request) => request.device.id),
    inventorySerials: [serials[0], '4C4C4544-0031-3510-8052-B4C04F4E4B31'],
    hookEventIds,
    mde2: {
      account: mde2Account,
      secret: main.token,
      revokedSecret: revoked.token,
      deviceIds: fc.sample(fc.stringMatching(/^[0-9A-F]{32}$/), { seed: seed + 3, numRuns: 4 }),
      csrs: pems.map((pem) => OpensslWorkspace.pemToBase64Der(pem)),
    },
    managed,
  };
}
