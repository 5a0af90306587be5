import * as http from 'node:http';
import * as https from 'node:https';
import { Clock, systemClock } from './pacer';
import { FLOW_EVENTS } from '@app/enrollment/diagnostics/event-catalogue';
import { SseParser } from '@app/enrollment/diagnostics/sse-parser';

/** Terminal event ids of each flow (its completed and failed events), and whether each means the request succeeded. */
export const TERMINAL_EVENTS: Readonly<Record<number, boolean>> = Object.fromEntries(
  Object.values(FLOW_EVENTS).flatMap((flow) => [
    [flow.completed.id, true],
    [flow.failed.id, false],
  ]),
);

export const COMPLETION_STREAM_PATH = `/v1/events/stream?eventId=${Object.keys(TERMINAL_EVENTS).join(',')}`;

/** The end of one request, as its terminal diagnostics event tells it. */
export interface TerminalEvent {
  requestId: string;
  eventId: number;
  succeeded: boolean;
  code?: string;
  message?: string;
  deviceObjectId?: string;
  /** Clock time the event was received. */
  at: number;
}

/** The fields of a streamed event's JSON that tell how a request ended; each is checked before use. */
interface StreamedEvent {
  eventId?: number;
  activityId?: string;
  message?: string;
  deviceObjectId?: string;
  data?: { ErrorCode?: string; ErrorMessage?: string };
}

/** The terminal event in one `diagnostic` message's JSON data, or undefined for anything else. */
export function terminalEventOf(data: string, at: number): TerminalEvent | undefined {
  let event: StreamedEvent | null;
  try {
    event = JSON.parse(data) as StreamedEvent | null;
  } catch {
    return undefined;
  }
  if (typeof event?.eventId !== 'number' || typeof event.activityId !== 'string') return undefined;
  const succeeded: boolean | undefined = TERMINAL_EVENTS[event.eventId];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  if (succeeded === undefined) return undefined;
  return {
    requestId: event.activityId,
    eventId: event.eventId,
    succeeded,
    code: succeeded ? undefined : (event.data?.ErrorCode ?? 'FAILED'),
    message: succeeded ? undefined : (event.data?.ErrorMessage ?? event.message),
    deviceObjectId: event.deviceObjectId,
    at,
  };
}

/**
 * One Server-Sent Events connection to `/v1/events/stream` for the terminal events of every request,
 * instead of polling each request. A dropped connection is opened again with Last-Event-ID, so the
 * events sent meanwhile are not lost.
 */
export class CompletionWatcher {
  reconnects = 0;
  private closed = false;
  private current?: http.ClientRequest;
  private readonly parser: SseParser;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly baseUrl: string,
    private readonly adminKey: string,
    private readonly onEvent: (event: TerminalEvent) => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.parser = new SseParser((message) => {
      if (message.event !== 'diagnostic') return;
      const event = terminalEventOf(message.data, this.clock.now());
      if (event) this.onEvent(event);
    });
  }

  /** Connects; resolves once the stream is open (from then on no terminal event is missed). */
  async open(): Promise<void> {
    const response = await this.connect();
    this.reading = this.readForever(response);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current?.destroy();
    await this.reading;
  }

  private connect(): Promise<http.IncomingMessage> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${COMPLETION_STREAM_PATH}`);
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminKey}`, accept: 'text/event-stream' };
    if (this.parser.lastEventId) headers['last-event-id'] = this.parser.lastEventId;
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).get(url, { headers }, (response) => {
        if (response.statusCode === 200) {
          resolve(response);
          return;
        }
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => reject(new Error(`GET /v1/events/stream answered ${response.statusCode}${detailOf(text)}`)));
      });
      request.on('error', reject);
      this.current = request;
    });
  }

  private async readForever(first: http.IncomingMessage): Promise<void> {
    let response: http.IncomingMessage | undefined = first;
    while (!this.closed) {
      try {
        response ??= await this.connect();
        this.parser.reset();
        await this.read(response);
      } catch {
        // the connection broke or could not be opened: try again below, unless closed
      }
      response = undefined;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() sets it while the read awaits
      if (this.closed) return;
      this.reconnects++;
      await this.clock.sleep(this.parser.retryMs ?? 1000);
    }
  }

  /** Feeds the parser until the stream ends. */
  private read(response: http.IncomingMessage): Promise<void> {
    response.setEncoding('utf8');
    return new Promise((resolve) => {
      response.on('data', (chunk: string) => this.parser.push(chunk));
      response.on('end', resolve);
      response.on('close', resolve);
      response.on('error', () => resolve());
    });
  }
}

function detailOf(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (error?.code) return ` (${error.code}: ${error.message ?? ''})`;
  } catch {
    // not JSON: show its start
  }
  return text ? ` (${text.slice(0, 200)})` : '';
}
