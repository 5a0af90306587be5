import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { Logger } from 'winston';
import { EnrollmentError } from '../errors/enrollment-error';
import { JwksSource } from '../identity/jwks-source';

/** Awaits a promise that must reject with an error of `type`, and returns that error for more checks. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  let failure: unknown;
  try {
    await promise;
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error('expected the promise to reject');
  expect(failure).toBeInstanceOf(type);
  return failure as E;
}

/** Serves one key set from its "cache" and another on a fresh load; records every call's `fresh`. */
export class FakeJwksSource extends JwksSource {
  readonly calls: boolean[] = [];

  constructor(
    private readonly cached: JSONWebKeySet,
    private readonly reloaded: JSONWebKeySet = cached,
  ) {
    super();
  }

  get(fresh = false): Promise<JSONWebKeySet> {
    this.calls.push(fresh);
    return Promise.resolve(fresh ? this.reloaded : this.cached);
  }

  get freshLoads(): number {
    return this.calls.filter(Boolean).length;
  }
}

/** Runs `action`, which must throw an EnrollmentError, and returns that error for more checks. */
export function failureOf(action: () => unknown): EnrollmentError {
  let failure: unknown;
  try {
    action();
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(EnrollmentError);
  return failure as EnrollmentError;
}

/** A local port nothing listens on: it was free a moment ago and has been closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LogRecord {
  level: string;
  message: string;
  meta: Record<string, unknown>;
}

/** A winston logger stand-in that keeps every record, for asserting what was logged. */
export function recordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: string) =>
    (message: string, meta: Record<string, unknown> = {}) => {
      records.push({ level, message, meta });
    };
  const logger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    log: (level: string, message: string, meta?: Record<string, unknown>) => at(level)(message, meta),
    isLevelEnabled: () => true,
  };
  return { logger: logger as unknown as Logger, records };
}
