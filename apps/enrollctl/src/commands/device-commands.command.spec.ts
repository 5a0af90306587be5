import { ApiClient } from '../api-client';
import { CliError } from '../cli-error';
import { Output } from '../output';
import { commandRequest, commandTable, DeviceCommandView, unenrollDevice } from './device-commands.command';

const KEY = 'admin-key-0123456789abcdef0123';
const ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe(commandRequest.name, () => {
  it.each([
    [
      'any verb on a LocURI',
      undefined,
      [],
      { verb: 'Replace', target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera', data: '0', format: 'int', ttl: 3600 },
      {
        path: 'commands',
        body: { verb: 'Replace', target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera', data: '0', format: 'int', ttlSeconds: 3600 },
      },
    ],
    ['a Get', undefined, [], { verb: 'Get', target: './DevDetail/SwV' }, { path: 'commands', body: { verb: 'Get', target: './DevDetail/SwV' } }],
    ['a reboot', 'reboot', [], {}, { path: 'commands/reboot', body: {} }],
    [
      'a policy, its value as text',
      'policy',
      ['Camera', 'AllowCamera', '0'],
      {},
      { path: 'commands/policy', body: { area: 'Camera', policy: 'AllowCamera', value: '0' } },
    ],
    [
      'a policy with a format and a time to live',
      'policy',
      ['Contoso~Policy~Apps', 'Banner', '<enabled/>'],
      { format: 'chr', ttl: 86400 },
      { path: 'commands/policy', body: { area: 'Contoso~Policy~Apps', policy: 'Banner', value: '<enabled/>', format: 'chr', ttlSeconds: 86400 } },
    ],
  ])('posts %s', (_, kind, args, options, expected) => {
    expect(commandRequest(kind, args, options)).toEqual(expected);
  });

  it.each([
    ['no verb nor kind', undefined, [], { target: './A' }, 'give --verb and --target, or reboot, or policy <area> <policy> <value>'],
    [
      'a policy without its value',
      'policy',
      ['Camera', 'AllowCamera'],
      {},
      'unknown command policy Camera AllowCamera: give reboot, or policy <area> <policy> <value>',
    ],
    ['an unknown kind', 'wipe', [], {}, 'unknown command wipe: give reboot, or policy <area> <policy> <value>'],
    ['--target with reboot', 'reboot', [], { target: './A' }, '--verb, --target, --data and --type are not for reboot'],
  ])('refuses %s before calling the API', (_, kind, args, options, message) => {
    expect(() => commandRequest(kind, args, options)).toThrow(new CliError(message));
  });
});

describe(commandTable.name, () => {
  const base: DeviceCommandView = {
    id: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
    verb: 'Get',
    target: './DevDetail/SwV',
    origin: 'admin',
    status: 'succeeded',
    statusCode: '200',
    results: [{ source: './DevDetail/SwV', data: '10.0.19045.2965' }],
    deliveries: 1,
    createdAt: '2030-01-10T12:00:00.000Z',
    expiresAt: '2030-01-17T12:00:00.000Z',
    completedAt: '2030-01-10T12:05:00.000Z',
  };

  it('shows one command a line, with its status code and a Get value, a dash for what is not there yet', () => {
    const pending: DeviceCommandView = {
      ...base,
      id: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
      verb: 'Exec',
      target: './Device/Vendor/MSFT/Reboot/RebootNow',
      status: 'pending',
      statusCode: undefined,
      results: undefined,
      completedAt: undefined,
    };
    expect(commandTable([base, pending]).split('\n')).toEqual([
      'ID                                    VERB  TARGET                                 STATUS     CODE  RESULT           CREATED               COMPLETED',
      '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13  Get   ./DevDetail/SwV                        succeeded  200   10.0.19045.2965  2030-01-10T12:00:00Z  2030-01-10T12:05:00Z',
      '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918  Exec  ./Device/Vendor/MSFT/Reboot/RebootNow  pending    -     -                2030-01-10T12:00:00Z',
    ]);
    expect(commandTable([])).toBe('no commands');
  });

  it('shortens a long result to one line of 40 characters', () => {
    const long = { ...base, results: [{ source: './A', data: `line one\n${'x'.repeat(60)}` }] };
    expect(commandTable([long]).split('\n')[1]).toContain(`line one ${'x'.repeat(30)}…`);
  });
});

describe(unenrollDevice.name, () => {
  function run(answer: unknown) {
    const calls: string[] = [];
    const fetchImpl = async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${new URL(url).pathname}${new URL(url).search}`);
      return Response.json(answer, { status: 202 });
    };
    const out: string[] = [];
    const output: Output = { json: false, out: (text) => out.push(text), err: () => undefined };
    return { context: { client: new ApiClient('http://api.test', KEY, fetchImpl as unknown as typeof fetch), output }, calls, out };
  }

  it("asks the device to unenroll, saying the command waits for the device's next session", async () => {
    const { context, calls, out } = run({ status: 'pending', commandId: 'c1' });
    await unenrollDevice(context, ID, false);
    expect(calls).toEqual([`DELETE /v1/devices/${ID}/enrollment`]);
    expect(out).toEqual([`unenroll of ${ID} requested: command c1 waits for the device's next session; see: enrollctl devices commands ${ID}`]);
  });

  it('forces the unenrollment with --force', async () => {
    const { context, calls, out } = run({ status: 'unenrolling' });
    await unenrollDevice(context, ID, true);
    expect(calls).toEqual([`DELETE /v1/devices/${ID}/enrollment?force=true`]);
    expect(out[0]).toMatch(/^unenrolling .*: its certificate is being revoked and its device object removed/);
  });
});
