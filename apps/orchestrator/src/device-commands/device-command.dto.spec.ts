import { DeviceCommandBodySchema, PolicyCommandBodySchema, UnenrollQuerySchema } from './device-command.dto';

const issuesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('DeviceCommandBodySchema', () => {
  const sut = DeviceCommandBodySchema;

  it('takes a Get of a LocURI, with a time to live of 7 days unless told', () => {
    expect(sut.parse({ verb: 'Get', target: './DevDetail/SwV' })).toEqual({ verb: 'Get', target: './DevDetail/SwV', ttlSeconds: 7 * 24 * 3600 });
  });

  it('takes a Replace with data, format, type and a time to live', () => {
    const body = {
      verb: 'Replace',
      target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera',
      data: '0',
      format: 'int',
      type: 'text/plain',
      ttlSeconds: 3600,
    };
    expect(sut.parse(body)).toEqual(body);
  });

  it.each([
    ['a URI not relative to the tree', { verb: 'Get', target: 'Device/Vendor/MSFT' }, 'target: must be a relative LocURI starting with ./ and without spaces'],
    ['a LocURI with a space', { verb: 'Get', target: './Dev Detail' }, 'target: must be a relative LocURI starting with ./ and without spaces'],
    [
      'a LocURI with a control character',
      { verb: 'Get', target: './DevDetail/\u0001' },
      'target: must not contain control characters, lone surrogates or noncharacters',
    ],
    ['a LocURI with ..', { verb: 'Get', target: './Device/../Vendor' }, 'target: must not have empty, . or .. segments'],
    ['a LocURI with an empty segment', { verb: 'Get', target: './Device//Vendor' }, 'target: must not have empty, . or .. segments'],
    ['a LocURI of 1025 characters', { verb: 'Get', target: `./${'a'.repeat(1023)}` }, 'target: must be at most 1024 characters'],
    ['an unknown verb', { verb: 'Copy', target: './DevInfo' }, 'verb: Invalid option: expected one of "Get"|"Add"|"Replace"|"Delete"|"Exec"'],
    [
      'an unknown format',
      { verb: 'Replace', target: './A/B', data: 'x', format: 'text' },
      'format: Invalid option: expected one of "chr"|"int"|"bool"|"b64"|"xml"|"node"|"null"',
    ],
    ['data over 48 KiB in UTF-8', { verb: 'Replace', target: './A/B', data: 'é'.repeat(24 * 1024 + 1) }, 'data: must be at most 48 KiB'],
    ['data with a NUL', { verb: 'Replace', target: './A/B', data: 'a\u0000b' }, 'data: must not contain control characters, lone surrogates or noncharacters'],
    ['a Get with data', { verb: 'Get', target: './A/B', data: 'x' }, 'data: a Get carries no data'],
    ['a time to live over 30 days', { verb: 'Get', target: './A', ttlSeconds: 30 * 24 * 3600 + 1 }, 'ttlSeconds: Too big: expected number to be <=2592000'],
    ['a time to live under a second', { verb: 'Get', target: './A', ttlSeconds: 0 }, 'ttlSeconds: Too small: expected number to be >=1'],
    ['a type that is no MIME type', { verb: 'Replace', target: './A', data: 'x', type: 'plain' }, 'type: must be a MIME type such as text/plain'],
    ['a field it does not know', { verb: 'Get', target: './A', priority: 1 }, ': Unrecognized key: "priority"'],
  ])('refuses %s, naming the field', (_, body, issue) => {
    expect(issuesOf(sut.safeParse(body))).toEqual([issue]);
  });
});

describe('PolicyCommandBodySchema', () => {
  const sut = PolicyCommandBodySchema;

  it.each([
    [{ area: 'Camera', policy: 'AllowCamera', value: 0 }],
    [{ area: 'Update', policy: 'ActiveHoursStart', value: '8', format: 'int' }],
    [{ area: 'Contoso~Policy~Apps', policy: 'Banner', value: '<enabled/>', format: 'chr' }],
    [{ area: 'Experience', policy: 'AllowCortana', value: false, format: 'bool' }],
  ])('takes %j', (body) => {
    expect(sut.safeParse(body).success).toBe(true);
  });

  it.each([
    ['an area with a slash', { area: 'Camera/../X', policy: 'AllowCamera', value: 0 }, 'area: must be 1-128 letters, digits, _, ~ or -'],
    ['a policy with a dot', { area: 'Camera', policy: '..', value: 0 }, 'policy: must be 1-128 letters, digits, _, ~ or -'],
    ['text as an int', { area: 'Camera', policy: 'AllowCamera', value: 'yes', format: 'int' }, 'value: must be a whole number for format int'],
    ['a number as a bool', { area: 'Camera', policy: 'AllowCamera', value: 2, format: 'bool' }, 'value: must be true or false for format bool'],
  ])('refuses %s', (_, body, issue) => {
    expect(issuesOf(sut.safeParse(body))).toEqual([issue]);
  });
});

describe('UnenrollQuerySchema', () => {
  it.each([
    [{}, false],
    [{ force: 'false' }, false],
    [{ force: 'true' }, true],
  ])('reads %j as force %s', (query, force) => {
    expect(UnenrollQuerySchema.parse(query)).toEqual({ force });
  });

  it('refuses a force it cannot read', () => {
    expect(UnenrollQuerySchema.safeParse({ force: 'yes' }).success).toBe(false);
  });
});
