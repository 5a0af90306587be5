import fc from 'fast-check';
import { signHook } from '@app/enrollment';
import { BodyDraft, bodyOf, DraftKind, garbageBody, ObjectSpec } from './body';
import { apiContract, CERTIFICATE_REFUSALS, dvrjErrorDetails, ResponseCheck, soapFault, syncmlAnswer, unenrollmentAccepted } from './checks';
import { Credential, credentialFor, Wanted } from './credentials';
import { managementInputs, renewalInputs } from './device-inputs';
import { FuzzContext } from './fixtures';
import { Header } from './framing';
import { Labeled } from './hostile-values';
import { queryOf, segmentOf, withQuery } from './request-parts';
import { soapBodies } from './soap';
import * as specs from './specs';

/** One fuzz input of one endpoint, before it is framed on the wire. */
export interface Input {
  kind: DraftKind;
  /** What is hostile about it ('valid' when nothing is). */
  label: string;
  method: string;
  target: string;
  authorization?: string;
  body?: BodyDraft;
  headers?: Header[];
  /** Headers made as the request leaves, from the body's bytes: the hook's signature over the current time. */
  late?: (body: Buffer) => Header[];
  /** The local address the connection comes from (a proxy the service does not trust); 127.0.0.1 otherwise. */
  from?: string;
  /** Set when it presents no valid device certificate for the device it speaks as: what is wrong with it. */
  unauthenticated?: string;
}

/**
 * A row of the endpoint table. A new endpoint joins the fuzz by adding a row: its inputs, and for
 * protocols with their own error format (SOAP faults) a `check` of every answer.
 */
export interface EndpointRow {
  name: string;
  /** Its share of the run, relative to the other rows. */
  weight: number;
  inputs(ctx: FuzzContext): fc.Arbitrary<Input>;
  check?: ResponseCheck;
  /** A long-lived answer (Server-Sent Events): its head is read, then the client hangs up. */
  stream?: boolean;
  /** A SOAP endpoint: a 5xx that is a well-formed fault (other than InternalServiceFault) is an answer, as the SOAP binding has it. */
  soap?: boolean;
  /** Statuses a plainly framed input without a valid device certificate may be refused with (any refusal when unset). */
  refusals?: ReadonlySet<number>;
}

interface Part {
  kind: DraftKind;
  label: string;
}
const RANK: Record<DraftKind, number> = { valid: 0, 'hostile-field': 1, garbage: 2 };

/** The input made of its parts: as hostile as its most hostile part, labelled by the hostile ones. */
function input(method: string, target: string, credential: Credential | undefined, parts: Part[], extra: Partial<Input> = {}): Input {
  const all = [...(credential && !credential.right ? [{ kind: 'hostile-field' as const, label: `credential: ${credential.label}` }] : []), ...parts];
  const hostile = all.filter((part) => part.kind !== 'valid');
  const kind = all.reduce<DraftKind>((worst, part) => (RANK[part.kind] > RANK[worst] ? part.kind : worst), 'valid');
  return { kind, label: hostile.length ? hostile.map((part) => part.label).join(' + ') : 'valid', method, target, authorization: credential?.value, ...extra };
}

const queryPart = ({ label }: Labeled<string>): Part => ({ kind: label === 'valid query' || label === 'no query' ? 'valid' : 'hostile-field', label });
const segmentPart = (segment: Labeled<string> & { valid: boolean }): Part => ({ kind: segment.valid ? 'valid' : 'hostile-field', label: segment.label });
const bodyPart = (body: BodyDraft): Part => ({ kind: body.kind, label: body.label });

/** Now and then (one time in six) a body where none is expected: the body parser runs on every method. */
const strayBody = sometimes(garbageBody(), 6);

/** `arbitrary` one time in `every`, otherwise undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** POST of an MS-MDE2 SOAP message: no bearer credential, the account and secret travel in the message. */
function soapPost(name: string, path: string, message: Parameters<typeof soapBodies>[0], weight: number): EndpointRow {
  return {
    name,
    weight,
    check: soapFault,
    soap: true,
    inputs: (ctx) => soapBodies(message, ctx).map((body) => input('POST', path, undefined, [bodyPart(body)], { body })),
  };
}

/** POST of a JSON body described by `spec`. */
function post(
  name: string,
  path: string,
  wanted: Wanted,
  spec: (ctx: FuzzContext) => ObjectSpec,
  weight: number,
  check: ResponseCheck = apiContract,
): EndpointRow {
  return {
    name,
    weight,
    check,
    inputs: (ctx) =>
      fc
        .tuple(credentialFor(ctx.credentials, wanted), bodyOf(spec(ctx)))
        .map(([credential, body]) => input('POST', path, credential, [bodyPart(body)], { body })),
  };
}

/** GET (or another body-less method) of `path(segment)` with a query of `params`. */
function read(
  name: string,
  wanted: Wanted,
  weight: number,
  options: {
    method?: string;
    path: (segment: string) => string;
    ids?: (ctx: FuzzContext) => fc.Arbitrary<string>;
    params?: (ctx: FuzzContext) => Record<string, fc.Arbitrary<string>>;
    headers?: (ctx: FuzzContext) => fc.Arbitrary<Labeled<Header[]>>;
    check?: ResponseCheck | null;
    stream?: boolean;
    soap?: boolean;
  },
): EndpointRow {
  return {
    name,
    weight,
    check: options.check === null ? undefined : (options.check ?? apiContract),
    stream: options.stream,
    soap: options.soap,
    inputs: (ctx) =>
      fc
        .tuple(
          credentialFor(ctx.credentials, wanted),
          options.ids ? segmentOf(options.ids(ctx)) : fc.constant({ label: 'valid id', value: '', valid: true }),
          queryOf(options.params?.(ctx) ?? {}),
          options.headers ? options.headers(ctx) : fc.constant({ label: 'valid', value: [] as Header[] }),
          strayBody,
        )
        .map(([credential, segment, query, headers, body]) =>
          input(
            options.method ?? 'GET',
            withQuery(options.path(segment.value), query.value),
            credential,
            [
              segmentPart(segment),
              queryPart(query),
              { kind: headers.label === 'valid' ? 'valid' : 'hostile-field', label: headers.label },
              ...(body ? [{ kind: 'garbage' as const, label: `body on ${options.method ?? 'GET'}: ${body.label}` }] : []),
            ],
            { body, headers: headers.value },
          ),
        ),
  };
}

const SIGNINGS: Array<Labeled<(secret: string, body: Buffer) => Header[]>> = [
  ...Array.from({ length: 8 }, () => ({ label: 'signed', value: (secret: string, body: Buffer) => signed(secret, body) })),
  { label: 'signature: another secret', value: (_secret, body) => signed('another-secret-another-secret-another-secret', body) },
  { label: 'signature: stale timestamp', value: (secret, body) => signed(secret, body, -400) },
  { label: 'signature: future timestamp', value: (secret, body) => signed(secret, body, 400) },
  { label: 'signature: missing', value: (secret, body) => signed(secret, body).filter(([name]) => name !== 'X-Signature') },
  { label: 'signature: timestamp missing', value: (secret, body) => signed(secret, body).filter(([name]) => name !== 'X-Signature-Timestamp') },
  { label: 'signature: of another body', value: (secret, body) => signed(secret, Buffer.concat([body, Buffer.from(' ')])) },
  {
    label: 'signature: upper-case hex',
    value: (secret, body) => signed(secret, body).map(([name, value]): Header => [name, name === 'X-Signature' ? value.toUpperCase() : value]),
  },
  {
    label: 'signature: sha1 scheme',
    value: (secret, body) => signed(secret, body).map(([name, value]): Header => [name, name === 'X-Signature' ? value.replace('sha256=', 'sha1=') : value]),
  },
  {
    label: 'signature: garbage',
    value: () => [
      ['X-Signature-Timestamp', now()],
      ['X-Signature', 'sha256=zz\u00ff'],
    ],
  },
  { label: 'signature: timestamp not a number', value: (secret, body) => signed(secret, body, 0, '1e9') },
  { label: 'signature: huge timestamp', value: (secret, body) => signed(secret, body, 0, '9'.repeat(40)) },
  { label: 'signature: two signature headers', value: (secret, body) => [...signed(secret, body), ['X-Signature', 'sha256=00']] },
];

const now = (shift = 0) => String(Math.floor(Date.now() / 1000) + shift);
function signed(secret: string, body: Buffer, shift = 0, timestamp = now(shift)): Header[] {
  return [
    ['X-Signature-Timestamp', timestamp],
    ['X-Signature', signHook(secret, timestamp, body)],
  ];
}

const lastEventIds = fc.oneof(
  fc.constant({ label: 'valid', value: [] as Header[] }),
  fc.constantFrom('0-0', '1-0', '99999999999999-0').map((id) => ({ label: 'valid', value: [['Last-Event-ID', id]] as Header[] })),
  fc
    .constantFrom('x', '-1-0', '1-0-0', '1'.repeat(400), '$', '+', '1-\u00e9')
    .map((id) => ({ label: 'hostile Last-Event-ID', value: [['Last-Event-ID', id]] as Header[] })),
);

const ADMIN_BOARD_TARGETS: Array<[string, string]> = [
  ['GET', ''],
  ['GET', '/'],
  ['GET', '/api/queues'],
  ['GET', '/api/queues?activeQueue=workplace-join&status=failed&page=1&jobsPerPage=10'],
  ['GET', '/api/queues/workplace-join/{id}'],
  ['GET', '/api/queues/bulk-enrollment/{id}/logs'],
  ['GET', '/api/redis/stats'],
  ['GET', '/queue/workplace-join'],
  ['GET', '/static/{id}'],
  ['GET', '/static/..%2f..%2f..%2fpackage.json'],
  ['PUT', '/api/queues/workplace-join/retry/failed'],
  ['PUT', '/api/queues/workplace-join/pause'],
  ['PUT', '/api/queues/bulk-enrollment/{id}/promote'],
  ['DELETE', '/api/queues/workplace-join/clean/completed'],
  ['POST', '/api/queues/workplace-join/add'],
];

const UNKNOWN_ROUTES = fc.oneof(
  fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'MKCOL'), fc.webPath()),
  fc.constantFrom<[string, string]>(
    ['PUT', '/v1/bulk-tokens'],
    ['PATCH', '/v1/devices'],
    ['POST', '/v1/devices/x'],
    ['GET', '/v1/workplace-joins'],
    ['GET', '/v1/hooks/sccm'],
    ['POST', '/v1/pki/crl'],
    ['DELETE', '/v1/requests/x'],
    ['OPTIONS', '/v1/workplace-joins'],
    ['HEAD', '/v1/devices'],
    ['GET', '/v2/devices'],
    ['GET', '//v1//devices'],
    ['GET', '/v1/devices/'],
    ['GET', '/V1/DEVICES'],
    ['GET', '/v1/./devices'],
    ['GET', '/v1/devices/../bulk-tokens'],
    ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
    ['GET', '/dev/adfs/token'],
    ['GET', '/docs/../../package.json'],
    ['GET', '*'],
  ),
);

/** Device objects for the device command routes: the managed ones mostly, others (409), unknown ids (404). */
const commandDeviceIds = (ctx: FuzzContext) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ctx.managed.active.map((device) => device.id)) },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.managed.unenrollable) },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.deviceObjectIds) },
    { weight: 1, arbitrary: fc.uuid() },
  );

/** Idempotency-Key headers: none mostly, a few keys shared across inputs (so that some repeat with another body), hostile ones. */
const idempotencyKeys: fc.Arbitrary<Labeled<Header[]>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ label: 'valid', value: [] as Header[] }) },
  { weight: 2, arbitrary: fc.constantFrom('k-1', 'k-2', 'retry-42').map((key) => ({ label: 'valid', value: [['Idempotency-Key', key]] as Header[] })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('', ' ', 'a b', 'caf\u00e9', 'k'.repeat(129), '\u0000')
      .map((key) => ({ label: 'hostile Idempotency-Key', value: [['Idempotency-Key', key]] as Header[] })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      label: 'two Idempotency-Keys',
      value: [
        ['Idempotency-Key', 'k-1'],
        ['Idempotency-Key', 'k-2'],
      ] as Header[],
    }),
  },
);

/** POST of a JSON body to `/v1/devices/{id}/{suffix}`, with or without an Idempotency-Key. */
function deviceCommandPost(suffix: string, spec: () => ObjectSpec, weight: number): EndpointRow {
  return {
    name: `POST /v1/devices/{id}/${suffix}`,
    weight,
    check: apiContract,
    inputs: (ctx) =>
      fc
        .tuple(credentialFor(ctx.credentials, 'admin'), segmentOf(commandDeviceIds(ctx)), bodyOf(spec()), idempotencyKeys)
        .map(([credential, segment, body, key]) =>
          input(
            'POST',
            `/v1/devices/${segment.value}/${suffix}`,
            credential,
            [segmentPart(segment), bodyPart(body), { kind: key.label === 'valid' ? 'valid' : 'hostile-field', label: key.label }],
            { body, headers: key.value },
          ),
        ),
  };
}

const pageParams = { offset: fc.constantFrom('0', '1', '499', '1000000'), limit: fc.constantFrom('1', '50', '500') };

const eventParams = {
  level: fc.constantFrom('1', '2', '4', '5'),
  since: fc.constantFrom('2020-01-01T00:00:00Z', new Date(Date.now() - 3600_000).toISOString(), '2030-01-01T00:00:00+02:00'),
  limit: fc.constantFrom('1', '500', '5000'),
  format: fc.constantFrom('json', 'xml'),
};

/**
 * Every endpoint of the API, with its share of the run. SOAP endpoints join with their own rows and
 * `check: soapFault` (checks.ts).
 */
export const ENDPOINTS: EndpointRow[] = [
  post('POST /v1/workplace-joins', '/v1/workplace-joins', 'user', specs.workplaceJoinSpec, 10),
  read('DELETE /v1/workplace-joins/{deviceId}', 'user', 4, {
    method: 'DELETE',
    path: (id) => `/v1/workplace-joins/${id}`,
    ids: (ctx) => fc.constantFrom(...ctx.deviceIds, ...ctx.deviceIds.map((id) => `{${id.toUpperCase()}}`)),
  }),
  post('POST /v1/bulk-tokens', '/v1/bulk-tokens', 'admin', specs.bulkTokenSpec, 4),
  read('GET /v1/bulk-tokens', 'admin', 1, { path: () => '/v1/bulk-tokens', params: () => pageParams }),
  read('DELETE /v1/bulk-tokens/{id}', 'admin', 2, {
    method: 'DELETE',
    path: (id) => `/v1/bulk-tokens/${id}`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.sacrificialTokenIds), fc.uuid()),
  }),
  post('POST /v1/provisioning-packages', '/v1/provisioning-packages', 'admin', specs.provisioningPackageSpec, 8),
  read('GET /v1/provisioning-packages', 'admin', 1, { path: () => '/v1/provisioning-packages', params: () => pageParams }),
  read('GET /v1/provisioning-packages/{id}', 'admin', 2, {
    path: (id) => `/v1/provisioning-packages/${id}`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.packageIds), fc.uuid()),
  }),
  read('GET /v1/provisioning-packages/{id}/customizations.xml', 'admin', 2, {
    path: (id) => `/v1/provisioning-packages/${id}/customizations.xml`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.packageIds, ctx.limited.packageId), fc.uuid()),
  }),
  {
    name: 'POST /v1/bulk-enrollments',
    weight: 10,
    check: apiContract,
    inputs: (ctx) =>
      fc
        .tuple(
          fc.oneof(
            { weight: 8, arbitrary: credentialFor(ctx.credentials, 'bulk') },
            { weight: 2, arbitrary: fc.constant({ label: 'limited bulk token', value: ctx.limited.bulk, right: true }) },
          ),
          bodyOf(specs.bulkEnrollmentSpec(ctx)),
        )
        .map(([credential, body]) => input('POST', '/v1/bulk-enrollments', credential, [bodyPart(body)], { body })),
  },
  read('GET /v1/requests/{requestId}', 'any', 3, { path: (id) => `/v1/requests/${id}`, ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.requestIds), fc.uuid()) }),
  read('GET /v1/devices', 'admin', 3, {
    path: () => '/v1/devices',
    params: (ctx) => ({
      trustType: fc.constantFrom('Workplace', 'AzureAd'),
      enrollmentType: fc.constant('windowsBulkAzureDomainJoin'),
      user: fc.constantFrom('alice@contoso.com', 'ALICE@contoso.com'),
      name: fc.constantFrom('FZ-12345', 'S%', '*'),
      serialNumber: fc.constantFrom(...ctx.serials),
      status: fc.constantFrom('active', 'removed'),
      ...pageParams,
    }),
  }),
  read('GET /v1/devices/{id}', 'admin', 2, { path: (id) => `/v1/devices/${id}`, ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.deviceObjectIds), fc.uuid()) }),
  read('POST /v1/devices/{id}/revoke', 'admin', 2, {
    method: 'POST',
    path: (id) => `/v1/devices/${id}/revoke`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.deviceObjectIds), fc.uuid()),
  }),
  read('GET /v1/devices/{id}/commands', 'admin', 1, {
    path: (id) => `/v1/devices/${id}/commands`,
    ids: commandDeviceIds,
    params: () => pageParams,
  }),
  read('GET /v1/devices/{id}/commands/{commandId}', 'admin', 1, {
    path: (id) => `/v1/devices/${id}/commands/${id}`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.deviceObjectIds), fc.uuid()),
  }),
  read('POST /v1/devices/{id}/commands/reboot', 'admin', 1, {
    method: 'POST',
    path: (id) => `/v1/devices/${id}/commands/reboot`,
    ids: commandDeviceIds,
  }),
  deviceCommandPost('commands', specs.deviceCommandSpec, 3),
  deviceCommandPost('commands/policy', specs.policyCommandSpec, 2),
  // Only the fixture's unenrollable devices can be ended here: the other managed ones keep their sessions.
  read('DELETE /v1/devices/{id}/enrollment', 'admin', 2, {
    method: 'DELETE',
    path: (id) => `/v1/devices/${id}/enrollment`,
    ids: (ctx) =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...ctx.managed.unenrollable) },
        { weight: 1, arbitrary: fc.constantFrom(...ctx.deviceObjectIds) },
        { weight: 1, arbitrary: fc.uuid() },
      ),
    params: () => ({ force: fc.constantFrom('true', 'false') }),
    check: unenrollmentAccepted,
  }),
  read('GET /v1/devices/{id}/events', 'admin', 2, {
    path: (id) => `/v1/devices/${id}/events`,
    ids: (ctx) => fc.oneof(fc.constantFrom(...ctx.deviceObjectIds), fc.uuid()),
    params: () => eventParams,
  }),
  read('GET /v1/events', 'admin', 3, {
    path: () => '/v1/events',
    params: (ctx) => ({ ...eventParams, requestId: fc.constantFrom(...ctx.requestIds), deviceId: fc.constantFrom(...ctx.deviceObjectIds) }),
  }),
  read('GET /v1/events/stream', 'admin', 2, {
    path: () => '/v1/events/stream',
    params: (ctx) => ({
      requestId: fc.constantFrom(...ctx.requestIds),
      deviceId: fc.constantFrom(...ctx.deviceObjectIds),
      level: fc.constantFrom('1', '4', '5'),
      eventId: fc.constantFrom('21', '21,22', '10,11,30'),
      format: fc.constantFrom('json', 'xml'),
    }),
    headers: () => lastEventIds,
    stream: true,
  }),
  post('POST /v1/inventory/devices', '/v1/inventory/devices', 'admin', specs.inventoryImportSpec, 5),
  read('GET /v1/inventory/devices', 'admin', 2, {
    path: () => '/v1/inventory/devices',
    params: () => ({ offset: fc.constantFrom('0', '1', '5000'), limit: fc.constantFrom('1', '100', '1000') }),
  }),
  read('GET /v1/inventory/devices/{serialNumber}', 'admin', 2, {
    path: (sn) => `/v1/inventory/devices/${sn}`,
    ids: (ctx) => fc.constantFrom(...ctx.inventorySerials, ...ctx.serials),
  }),
  {
    name: 'POST /v1/hooks/sccm',
    weight: 10,
    check: apiContract,
    inputs: (ctx) =>
      fc
        .tuple(
          fc.oneof(...specs.sccmHookSpecs(ctx).map((spec) => bodyOf(spec))),
          fc.constantFrom(...SIGNINGS),
          sometimes(fc.constantFrom(...ctx.credentials.forged), 8),
        )
        .map(([body, signing, bearer]) =>
          input(
            'POST',
            '/v1/hooks/sccm',
            bearer && { ...bearer, right: false },
            [bodyPart(body), { kind: signing.label === 'signed' ? 'valid' : 'hostile-field', label: signing.label }],
            {
              body,
              late: (bytes) => signing.value(ctx.hookSecret, bytes),
            },
          ),
        ),
  },
  read('GET /EnrollmentServer/contract', 'none', 1, {
    path: () => '/EnrollmentServer/contract',
    params: () => ({ 'api-version': fc.constantFrom('1.0', '1.2', '1.1', '2.0', '', '1.0\u0000') }),
    check: dvrjErrorDetails,
  }),
  {
    name: 'POST /EnrollmentServer/device/',
    weight: 8,
    check: dvrjErrorDetails,
    inputs: (ctx) =>
      fc
        .tuple(credentialFor(ctx.credentials, 'user'), bodyOf(specs.dvrjRegisterSpec(ctx)), fc.constantFrom('1.0', '2.0', '3.0'))
        .map(([credential, body, version]) =>
          input(
            'POST',
            `/EnrollmentServer/device/?api-version=${version}`,
            credential,
            [bodyPart(body), ...(version === '3.0' ? [{ kind: 'hostile-field' as const, label: 'api-version 3.0' }] : [])],
            { body },
          ),
        ),
  },
  read('DELETE /EnrollmentServer/device/{deviceId}', 'user', 3, {
    method: 'DELETE',
    path: (id) => `/EnrollmentServer/device/${id}`,
    ids: (ctx) => fc.constantFrom(...ctx.deviceIds, ...ctx.deviceObjectIds, ...ctx.deviceIds.map((id) => `{${id.toUpperCase()}}`)),
    check: dvrjErrorDetails,
  }),
  read('GET /EnrollmentServer/Discovery.svc', 'none', 1, { path: () => '/EnrollmentServer/Discovery.svc', check: soapFault, soap: true }),
  soapPost('POST /EnrollmentServer/Discovery.svc', '/EnrollmentServer/Discovery.svc', 'discover', 8),
  soapPost('POST /EnrollmentServer/Policy.svc', '/EnrollmentServer/Policy.svc', 'policies', 8),
  soapPost('POST /EnrollmentServer/Enrollment.svc', '/EnrollmentServer/Enrollment.svc', 'enroll', 12),
  {
    name: 'POST /EnrollmentServer/Enrollment.svc (Renew)',
    weight: 5,
    check: soapFault,
    soap: true,
    inputs: (ctx) => renewalInputs(ctx, '/EnrollmentServer/Enrollment.svc'),
  },
  {
    name: 'POST /ManagementServer/MDM.svc',
    weight: 14,
    check: syncmlAnswer,
    refusals: CERTIFICATE_REFUSALS,
    inputs: (ctx) => managementInputs(ctx, '/ManagementServer/MDM.svc'),
  },
  read('GET /v1/pki/ca.pem', 'none', 1, { path: () => '/v1/pki/ca.pem' }),
  read('GET /v1/pki/crl', 'none', 1, { path: () => '/v1/pki/crl', params: () => ({ format: fc.constantFrom('pem', 'der', 'PEM') }) }),
  post('POST /dev/adfs/token', '/dev/adfs/token', 'none', specs.devTokenSpec, 3),
  read('GET /dev/adfs/jwks.json', 'none', 1, { path: () => '/dev/adfs/jwks.json' }),
  read('GET /health/live', 'none', 1, { path: () => '/health/live' }),
  read('GET /health/ready', 'none', 1, { path: () => '/health/ready', check: null }),
  read('GET /metrics', 'none', 1, { path: () => '/metrics', check: null }),
  {
    name: '* /admin/queues (Bull Board)',
    weight: 3,
    inputs: (ctx) =>
      fc
        .tuple(
          fc.oneof(
            { weight: 3, arbitrary: credentialFor(ctx.credentials, 'admin') },
            {
              weight: 1,
              arbitrary: fc.constant({
                label: 'admin key as Basic',
                value: `Basic ${Buffer.from(`x:${ctx.credentials.admin!.slice(7)}`).toString('base64')}`,
                right: true,
              }),
            },
          ),
          fc.constantFrom(...ADMIN_BOARD_TARGETS),
          segmentOf(fc.constantFrom(...ctx.requestIds)),
          queryOf({
            activeQueue: fc.constantFrom('workplace-join', 'bulk-enrollment'),
            status: fc.constantFrom('failed', 'completed', 'latest'),
            page: fc.constantFrom('1', '0', '-1'),
            jobsPerPage: fc.constantFrom('10', '0'),
          }),
          strayBody,
        )
        .map(([credential, [method, path], segment, query, body]) =>
          input(
            method,
            withQuery(`/admin/queues${path.replace('{id}', segment.value)}`, path.includes('?') ? '' : query.value),
            credential,
            [
              ...(path.includes('{id}') ? [segmentPart(segment)] : []),
              ...(path.includes('?') ? [] : [queryPart(query)]),
              ...(body ? [{ kind: 'garbage' as const, label: `body: ${body.label}` }] : []),
            ],
            { body },
          ),
        ),
  },
  {
    name: 'GET /docs',
    weight: 1,
    inputs: () =>
      fc
        .tuple(
          fc.constantFrom(
            '/docs',
            '/docs/',
            '/docs-json',
            '/docs/swagger-ui.css',
            '/docs/swagger-ui-init.js',
            '/docs/%2e%2e/docs-json',
            '/docs/..%2f..%2fpackage.json',
          ),
          queryOf({ url: fc.constant('https://evil.example/x.json') }),
        )
        .map(([path, query]) => input('GET', withQuery(path, query.value), undefined, [queryPart(query)])),
  },
  {
    name: '* unknown routes and methods',
    weight: 2,
    check: apiContract,
    inputs: (ctx) =>
      fc
        .tuple(fc.constantFrom(...ctx.credentials.forged), UNKNOWN_ROUTES, strayBody)
        .map(([credential, [method, path], body]) =>
          input(method, path, { ...credential, right: true }, [{ kind: 'hostile-field', label: `${method} ${path.slice(0, 40)}` }], { body }),
        ),
  },
];
