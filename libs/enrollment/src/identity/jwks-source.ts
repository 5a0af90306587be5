import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { DevIdentityProvider } from './dev-identity-provider';
import { IdentityProviderError } from './identity-provider.error';

/** Where the AD FS signing keys come from: its JWKS endpoint, a file, or the development provider. */
export abstract class JwksSource {
  /**
   * The current key set. `fresh` asks for a reload after an unknown key id (a rollover at AD FS); a source
   * may answer it from its cache when it loaded recently, so that made-up key ids cannot make it fetch.
   */
  abstract get(fresh?: boolean): Promise<JSONWebKeySet>;
}

export interface JwksCacheOptions {
  /** Least time between the starts of two loads asked for with `fresh`. */
  refreshCooldownMs: number;
  now?: () => number;
}

const CACHE_MS = 5 * 60 * 1000;

abstract class CachedJwksSource extends JwksSource {
  private cached?: { keys: JSONWebKeySet; at: number };
  private loading?: Promise<JSONWebKeySet>;
  private lastLoadStartedAt = -Infinity;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions) {
    super();
    this.now = options.now ?? Date.now;
  }

  async get(fresh = false): Promise<JSONWebKeySet> {
    const now = this.now();
    if (this.cached && !fresh && now - this.cached.at < CACHE_MS) return this.cached.keys;
    // Callers that arrive while a load is under way share it, whatever asked for it.
    if (this.loading) return this.loading;
    // A failed load counts too: a slow or unreachable AD FS is not asked again for every unknown key id.
    if (this.cached && fresh && now - this.lastLoadStartedAt < this.options.refreshCooldownMs) return this.cached.keys;
    this.lastLoadStartedAt = now;
    this.loading = this.load()
      .then((keys) => {
        this.cached = { keys, at: this.now() };
        return keys;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  protected abstract load(): Promise<JSONWebKeySet>;
}

export class UrlJwksSource extends CachedJwksSource {
  constructor(
    private readonly url: string,
    options: JwksCacheOptions,
  ) {
    super(options);
  }

  protected async load(): Promise<JSONWebKeySet> {
    let response: Response;
    try {
      response = await fetch(this.url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new IdentityProviderError(`AD FS key set at ${this.url} could not be fetched (${(error as Error).message})`);
    }
    if (!response.ok) {
      throw new IdentityProviderError(`AD FS key set at ${this.url} answered HTTP ${response.status}`, response.status);
    }
    return assertKeySet(await response.json(), this.url);
  }
}

export class FileJwksSource extends CachedJwksSource {
  constructor(
    private readonly path: string,
    options: JwksCacheOptions,
  ) {
    super(options);
  }

  protected async load(): Promise<JSONWebKeySet> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (error) {
      throw new IdentityProviderError(`AD FS key set file ${this.path} could not be read (${(error as Error).message})`);
    }
    return assertKeySet(parsed, this.path);
  }
}

export class DevJwksSource extends JwksSource {
  constructor(private readonly provider: DevIdentityProvider) {
    super();
  }

  async get(): Promise<JSONWebKeySet> {
    return this.provider.jwks();
  }
}

function assertKeySet(value: unknown, origin: string): JSONWebKeySet {
  if (!value || typeof value !== 'object' || !Array.isArray((value as JSONWebKeySet).keys)) {
    throw new IdentityProviderError(`${origin} is not a JSON Web Key Set`);
  }
  return value as JSONWebKeySet;
}

export function createJwksSource(
  trust: ({ mode: 'adfs'; jwks: { url: string } | { file: string } } | { mode: 'development' }) & { jwksRefreshCooldownMs: number },
  devProvider: () => DevIdentityProvider,
): JwksSource {
  if (trust.mode === 'development') return new DevJwksSource(devProvider());
  const options = { refreshCooldownMs: trust.jwksRefreshCooldownMs };
  return 'url' in trust.jwks ? new UrlJwksSource(trust.jwks.url, options) : new FileJwksSource(trust.jwks.file, options);
}
