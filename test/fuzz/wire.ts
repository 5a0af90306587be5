import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Bytes to write on a fresh connection, and what to do with the connection after them. */
export interface WirePlan {
  bytes: Buffer;
  /** Write only this many bytes, then reset the connection (a client that gives up mid-body). */
  cutAt?: number;
  /** Half-close after writing: the server sees the end of the request stream. */
  endAfterWrite?: boolean;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WireResult {
  /** answered: at least one response; aborted: we reset it on purpose; the rest are failures to answer. */
  outcome: 'answered' | 'aborted' | 'no-response' | 'timeout' | 'connection-error';
  responses: WireResponse[];
  /** Until the first complete response head (streams) or the end of the exchange. */
  ms: number;
  error?: string;
}

const MAX_KEPT_BODY = 1024 * 1024;

/**
 * One exchange over a raw TCP connection, so that every byte is ours: invalid header characters, lying
 * Content-Length, broken chunking, a reset mid-body. `stream` reads the head of an answer and hangs up.
 */
export function exchange(port: number, plan: WirePlan, options: { timeoutMs: number; stream?: boolean; localAddress?: string }): Promise<WireResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    let headAt: number | undefined;
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port, localAddress: options.localAddress });
    const finish = (outcome: WireResult['outcome'], error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const responses = parseResponses(Buffer.concat(chunks));
      const ms = (headAt ?? performance.now()) - started;
      resolve({ outcome: responses.length > 0 ? 'answered' : outcome, responses, ms, error });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    socket.on('error', (error) => finish('connection-error', error.message));
    socket.on('close', () => finish('no-response'));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (!options.stream || headAt !== undefined) return;
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end === -1) return;
      headAt = performance.now();
      // A stream answers its head and a first comment; anything else (an error) is short and closes itself.
      if (/content-type:\s*text\/event-stream/i.test(all.subarray(0, end).toString('latin1'))) finish('answered');
    });
    socket.on('connect', () => {
      if (plan.cutAt !== undefined) {
        socket.write(plan.bytes.subarray(0, plan.cutAt), () => finish('aborted'));
        return;
      }
      socket.write(plan.bytes);
      if (plan.endAfterWrite) socket.end();
    });
  });
}

/** Every response in `data`, in order; a 1xx interim response is skipped, a truncated body kept as is. */
export function parseResponses(data: Buffer): WireResponse[] {
  const responses: WireResponse[] = [];
  let offset = 0;
  while (offset < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const [statusLine, ...lines] = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let bodyStart = headEnd + 4;
    let body: Buffer;
    if (status >= 100 && status < 200) {
      offset = bodyStart;
      continue;
    }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const sizeEnd = data.indexOf('\r\n', bodyStart);
        if (sizeEnd === -1) break;
        const size = parseInt(data.subarray(bodyStart, sizeEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) break;
        bodyStart = sizeEnd + 2;
        if (size === 0) {
          bodyStart += 2;
          break;
        }
        parts.push(data.subarray(bodyStart, bodyStart + size));
        bodyStart += size + 2;
      }
      body = Buffer.concat(parts);
      offset = bodyStart;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      body = data.subarray(bodyStart, bodyStart + length);
      offset = bodyStart + length;
    } else {
      body = data.subarray(bodyStart);
      offset = data.length;
    }
    responses.push({ status, headers, body: body.subarray(0, MAX_KEPT_BODY).toString('utf8') });
  }
  return responses;
}
