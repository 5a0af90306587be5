import * as http from 'node:http';
import * as https from 'node:https';

/** One answer of the orchestrator: status, parsed JSON body (if any) and Retry-After in milliseconds. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T | undefined;
  retryAfterMs?: number;
}

/** An answer as it came: status, Content-Type, body text and Retry-After in milliseconds. */
export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  retryAfterMs?: number;
}

/** The `{ error: { code, message } }` of an answer, or a code made from its status. */
export function errorOf(answer: ApiAnswer): { code: string; message: string } {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') return { code: error.code, message: typeof error.message === 'string' ? error.message : '' };
  return { code: `HTTP_${answer.status}`, message: `answered ${answer.status}` };
}

/**
 * HTTP to one or more orchestrators, round-robin, on keep-alive connections. Node's http module rather
 * than fetch: the simulator shares the CPU with the service it measures, and fetch (web streams) costs
 * several times as much per request.
 */
export class ApiClient {
  private turn = 0;
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(readonly baseUrls: readonly string[]) {
    if (baseUrls.length === 0) throw new RangeError('at least one orchestrator URL is needed');
    for (const url of baseUrls) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RangeError(`not an http(s) URL: ${url}`);
    }
  }

  /** The next base URL, round-robin. */
  nextBase(): string {
    const base = this.baseUrls[this.turn];
    this.turn = (this.turn + 1) % this.baseUrls.length;
    return base.replace(/\/+$/, '');
  }

  call<T = unknown>(method: string, path: string, options: { bearer?: string; body?: unknown; base?: string } = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    let body: Buffer | undefined;
    if (options.body !== undefined) {
      body = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] = 'application/json';
    }
    return this.exchange(method, `${options.base ?? this.nextBase()}${path}`, { headers, body }).then((answer) => {
      let parsed: T | undefined;
      if (answer.contentType.includes('json') && answer.text) {
        try {
          parsed = JSON.parse(answer.text) as T;
        } catch {
          parsed = undefined;
        }
      }
      return { status: answer.status, body: parsed, retryAfterMs: answer.retryAfterMs };
    });
  }

  /**
   * One request to an absolute URL (e.g. one a SOAP answer named), on the same keep-alive connections;
   * the answer's body as text. MS-MDE2 devices use this; `clientCertificate` (PEM) is presented in the TLS
   * handshake of an https URL, as a device presents its enrollment certificate to the management server.
   */
  exchange(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; body?: string | Buffer; clientCertificate?: { cert: string; key: string } } = {},
  ): Promise<RawAnswer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') return Promise.reject(new RangeError(`not an http(s) URL: ${url}`));
    const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
    const headers: Record<string, string | number> = { ...options.headers };
    if (body) headers['content-length'] = body.length;
    // The agent keys its pooled connections by certificate and key, so devices never share a TLS session.
    const tls = secure && options.clientCertificate ? { cert: options.clientCertificate.cert, key: options.clientCertificate.key } : {};
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(target, { method, headers, agent: secure ? this.agents.https : this.agents.http, ...tls }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfterMs: retryAfterMs(typeof retryAfter === 'string' ? retryAfter : null),
          });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Closes the idle connections, so that the process can end. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
