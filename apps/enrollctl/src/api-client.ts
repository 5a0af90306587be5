import { CliError } from './cli-error';

/** An error answer of the API: `{ error: { code, message } }` and its status. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiError';
  }
}

/** The service could not be reached at all (refused, unknown host, no answer in time). */
export class ApiUnreachableError extends CliError {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${baseUrl}: ${reason}`);
    this.name = 'ApiUnreachableError';
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again after a 503 (reads and upserts); 429 is always retried, nothing was done. */
  idempotent?: boolean;
  /** No time limit and no retry: the caller reads the body as it comes (event stream). */
  streaming?: boolean;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 30_000;
const RETRIES = 3;
const MAX_RETRY_DELAY_MS = 10_000;
// Anything else could not be sent in an Authorization header, and fetch would echo the value in its error.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** The admin API over Node's fetch. It never shows the admin key, not even in its errors. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly adminKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  ) {
    this.baseUrl = checkBaseUrl(baseUrl);
    if (!HEADER_SAFE.test(adminKey)) {
      throw new CliError('the admin key contains spaces, line breaks or other characters an HTTP header cannot carry');
    }
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, { ...options, headers: { accept: 'application/json', ...options.headers } });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every item of a paged admin list that matches `filters`, page after page. */
  async listAll<T>(path: string, filters: Query = {}, pageSize = 500): Promise<T[]> {
    const items: T[] = [];
    for (;;) {
      const page = await this.json<{ items: T[]; total: number }>('GET', path, { query: { ...filters, offset: items.length, limit: pageSize } });
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.total) return items;
    }
  }

  async text(path: string, options: RequestOptions = {}): Promise<string> {
    return (await this.send('GET', path, { idempotent: true, ...options })).text();
  }

  /** Sends the request; an answer other than 2xx becomes an ApiError, a network failure ApiUnreachableError. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminKey}`, ...options.headers };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      const response = await this.fetchOnce(url, { method, headers, body }, options);
      if (response.ok) return response;
      const retryable = response.status === 429 || (response.status === 503 && (options.idempotent || method === 'GET'));
      if (!retryable || options.streaming || attempt >= RETRIES) throw await apiError(response);
      await response.body?.cancel();
      await this.sleep(retryDelay(response, attempt));
    }
  }

  private async fetchOnce(url: string, init: RequestInit, options: RequestOptions): Promise<Response> {
    const timeout = options.streaming ? undefined : AbortSignal.timeout(TIMEOUT_MS);
    const signal = options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);
    try {
      return await this.fetchImpl(url, { ...init, signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiUnreachableError(this.baseUrl, networkReason(error));
    }
  }

  private url(path: string, query: Query = {}): string {
    const url = new URL(this.baseUrl.replace(/\/$/, '') + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--url ${JSON.stringify(value)} is not a URL (e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--url must be an http:// or https:// URL`);
  if (url.username || url.password) throw new CliError('--url must not contain a user name or password; give the admin key instead');
  return url.toString().replace(/\/$/, '');
}

async function apiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (error && typeof error.code === 'string') return new ApiError(response.status, error.code, typeof error.message === 'string' ? error.message : '');
  } catch {
    // Not the API's JSON: a proxy or another server answered.
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'unexpected answer');
}

function retryDelay(response: Response, attempt: number): number {
  const seconds = Number(response.headers.get('retry-after'));
  const delay = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500 * 2 ** attempt;
  return Math.min(delay, MAX_RETRY_DELAY_MS);
}

/** What went wrong, in a few words: `ECONNREFUSED`, `no answer within 30 s`, … */
export function networkReason(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null | undefined;
  if (err?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = err?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the service running on that address?)';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'unknown host';
  return cause?.code ?? cause?.message ?? err?.message ?? String(error);
}
