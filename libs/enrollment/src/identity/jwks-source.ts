import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { DevIdentityProvider } from './dev-identity-provider';

/** Where the AD FS signing keys come from: its JWKS endpoint, a file, or the development provider. */
export abstract class JwksSource {
  /** The current key set; `fresh` skips the cache (used after an unknown key id, i.e. a key rollover). */
  abstract get(fresh?: boolean): Promise<JSONWebKeySet>;
}

const CACHE_MS = 5 * 60 * 1000;

abstract class CachedJwksSource extends JwksSource {
  private cached?: { keys: JSONWebKeySet; at: number };

  async get(fresh = false): Promise<JSONWebKeySet> {
    if (!fresh && this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.keys;
    const keys = await this.load();
    this.cached = { keys, at: Date.now() };
    return keys;
  }

  protected abstract load(): Promise<JSONWebKeySet>;
}

export class UrlJwksSource extends CachedJwksSource {
  constructor(private readonly url: string) {
    super();
  }

  protected async load(): Promise<JSONWebKeySet> {
    let response: Response;
    try {
      response = await fetch(this.url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
    } catch (error) {
      throw EnrollmentError.transient(
        ErrorCode.IdentityProviderUnreachable,
        `AD FS key set at ${this.url} could not be fetched (${(error as Error).message})`,
      );
    }
    if (!response.ok) {
      throw EnrollmentError.transient(
        ErrorCode.IdentityProviderUnreachable,
        `AD FS key set at ${this.url} answered HTTP ${response.status}`,
      );
    }
    return assertKeySet(await response.json(), this.url);
  }
}

export class FileJwksSource extends CachedJwksSource {
  constructor(private readonly path: string) {
    super();
  }

  protected async load(): Promise<JSONWebKeySet> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (error) {
      throw EnrollmentError.transient(
        ErrorCode.IdentityProviderUnreachable,
        `AD FS key set file ${this.path} could not be read (${(error as Error).message})`,
      );
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
    throw EnrollmentError.transient(ErrorCode.IdentityProviderUnreachable, `${origin} is not a JSON Web Key Set`);
  }
  return value as JSONWebKeySet;
}

export function createJwksSource(
  trust: { mode: 'adfs'; jwks: { url: string } | { file: string } } | { mode: 'development' },
  devProvider: () => DevIdentityProvider,
): JwksSource {
  if (trust.mode === 'development') return new DevJwksSource(devProvider());
  return 'url' in trust.jwks ? new UrlJwksSource(trust.jwks.url) : new FileJwksSource(trust.jwks.file);
}
