import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { rejectionOf } from '../testing/spec-helpers';
import { UrlJwksSource } from './jwks-source';

const COOLDOWN_MS = 30_000;
const CACHE_MS = 5 * 60 * 1000;
const keySet = (...kids: string[]): JSONWebKeySet => ({ keys: kids.map((kid) => ({ kty: 'RSA', kid })) });
const kidsOf = (set: JSONWebKeySet): string[] => set.keys.map((key) => key.kid!);

describe(UrlJwksSource.name, () => {
  let server: Server;
  let url: string;
  let served: JSONWebKeySet;
  let available: boolean;
  let fetches: number;
  let clock: number;
  let sut: UrlJwksSource;

  beforeAll(async () => {
    server = createServer((_, res) => {
      fetches++;
      if (!available) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    served = keySet('k1');
    available = true;
    fetches = 0;
    clock = 1_000_000;
    sut = new UrlJwksSource(url, { refreshCooldownMs: COOLDOWN_MS, now: () => clock });
  });

  it('shares one fetch among concurrent first callers', async () => {
    const sets = await Promise.all(Array.from({ length: 50 }, () => sut.get()));

    expect(fetches).toBe(1);
    expect(sets.every((set) => kidsOf(set).join() === 'k1')).toBe(true);
  });

  it('shares one in-flight refresh among concurrent callers, who all see the new keys', async () => {
    await sut.get();
    clock += COOLDOWN_MS;
    served = keySet('k1', 'k2');

    const sets = await Promise.all(Array.from({ length: 50 }, () => sut.get(true)));

    expect(fetches).toBe(2);
    expect(sets.every((set) => kidsOf(set).join() === 'k1,k2')).toBe(true);
  });

  it.each([
    { name: 'serves the cached key set for five minutes', elapsed: CACHE_MS - 1, fresh: false, kids: ['k1'], fetched: 1 },
    { name: 'reloads the key set after five minutes', elapsed: CACHE_MS, fresh: false, kids: ['k1', 'k2'], fetched: 2 },
    { name: 'answers a refresh within the cooldown from the cache, without fetching', elapsed: COOLDOWN_MS - 1, fresh: true, kids: ['k1'], fetched: 1 },
    { name: 'refreshes once the cooldown has passed', elapsed: COOLDOWN_MS, fresh: true, kids: ['k1', 'k2'], fetched: 2 },
  ])('$name', async ({ elapsed, fresh, kids, fetched }) => {
    await sut.get();
    served = keySet('k1', 'k2');
    clock += elapsed;

    const set = await sut.get(fresh);

    expect(kidsOf(set)).toEqual(kids);
    expect(fetches).toBe(fetched);
  });

  it('counts a failed refresh towards the cooldown, so an unreachable AD FS is not asked again at once', async () => {
    await sut.get();
    clock += COOLDOWN_MS;
    available = false;

    const error = await rejectionOf(sut.get(true), EnrollmentError);
    const afterwards = await sut.get(true);

    expect(error.code).toBe(ErrorCode.IdentityProviderUnreachable);
    expect(kidsOf(afterwards)).toEqual(['k1']);
    expect(fetches).toBe(2);
  });
});
