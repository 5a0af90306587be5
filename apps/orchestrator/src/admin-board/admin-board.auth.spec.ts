import type { Request, Response } from 'express';
import { adminBoardAuth, presentedAdminKey } from './admin-board.auth';

const KEY = 'eo_test_admin_key_0123456789abcdef';
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as Request;

describe(presentedAdminKey.name, () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['no header', undefined, undefined],
    ['Basic: the password, whatever the user name', basic(`admin:${KEY}`), KEY],
    ['Basic with an empty user name', basic(`:${KEY}`), KEY],
    ['Basic: a password holding colons stays whole', basic('ops:a:b:c'), 'a:b:c'],
    ['Basic without a colon', basic(KEY), undefined],
    ['Basic in lower case', `basic ${Buffer.from(`x:${KEY}`).toString('base64')}`, KEY],
    ['Basic that is not base64', 'Basic not base64!', undefined],
    ['Bearer', `Bearer ${KEY}`, KEY],
    ['another scheme', `Digest ${KEY}`, undefined],
  ])('%s', (_, header, expected) => {
    expect(presentedAdminKey(request(header))).toBe(expected);
  });
});

describe(adminBoardAuth.name, () => {
  const middleware = adminBoardAuth((candidate) => candidate === KEY);

  function run(authorization?: string) {
    const response = {
      statusCode: 200,
      headers: {} as Record<string, string>,
      body: undefined as unknown,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      set(name: string, value: string) {
        this.headers[name.toLowerCase()] = value;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const next = jest.fn();
    middleware(request(authorization), response as unknown as Response, next);
    return { response, next };
  }

  it.each([
    ['Basic with the admin key as the password', basic(`anyone:${KEY}`)],
    ['a bearer admin key', `Bearer ${KEY}`],
  ])('lets %s through', (_, header) => {
    const { response, next } = run(header);

    expect(next).toHaveBeenCalledWith();
    expect(response.statusCode).toBe(200);
  });

  it.each<[string, string | undefined, string]>([
    ['no credential', undefined, 'TOKEN_MISSING'],
    ['a wrong password', basic('admin:wrong'), 'ADMIN_KEY_INVALID'],
    ['a wrong bearer key', 'Bearer wrong', 'ADMIN_KEY_INVALID'],
  ])('answers %s with 401 and a Basic challenge', (_, header, code) => {
    const { response, next } = run(header);

    expect(next).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="Enrollment Orchestrator", charset="UTF-8"');
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
  });
});
