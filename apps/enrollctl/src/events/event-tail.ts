import { ApiClient, ApiUnreachableError, Query } from '../api-client';
import { EventSummary, eventElements, eventLine, recordIdOfElement } from './event-format';
import { SseMessage, SseParser } from '@app/enrollment/diagnostics/sse-parser';

const DEFAULT_RETRY_MS = 2000;

export interface TailOptions {
  /** `requestId`, `deviceId`, `level`, `eventId` of GET /v1/events/stream. */
  filter: Query;
  xml: boolean;
  /** Print each event as one JSON line instead of a text line (ignored with `xml`). */
  json: boolean;
  /** First print the events already recorded (of a request or device), since this time if given. */
  history?: { since?: Date };
  write(text: string): void;
  note(text: string): void;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Follows GET /v1/events/stream until aborted. A dropped connection is opened again with Last-Event-ID,
 * so no event is lost or shown twice; the first connection failing, or any answer of the API that is an
 * error, ends the tail with that error.
 */
export async function tailEvents(client: ApiClient, options: TailOptions): Promise<void> {
  const sleep = options.sleep ?? abortableSleep;
  const format = options.xml ? 'xml' : 'json';
  let lastEventId: string | undefined;
  let retryMs = DEFAULT_RETRY_MS;
  let connectedOnce = false;
  let interrupted = false;
  // History and stream overlap by the events recorded between the two reads: record ids tell them apart.
  let shownUpTo = -1;
  const show = (data: string) => {
    const recordId = options.xml ? recordIdOfElement(data) : (JSON.parse(data) as EventSummary).eventRecordId;
    if (recordId !== undefined && recordId <= shownUpTo) return;
    options.write(options.xml ? data : options.json ? JSON.stringify(JSON.parse(data)) : eventLine(JSON.parse(data) as EventSummary));
  };

  while (!options.signal?.aborted) {
    let response: Response;
    try {
      response = await client.send('GET', '/v1/events/stream', {
        query: { ...options.filter, format },
        headers: { accept: 'text/event-stream', ...(lastEventId && { 'last-event-id': lastEventId }) },
        streaming: true,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!(error instanceof ApiUnreachableError) || !connectedOnce) throw error;
      if (!interrupted) options.note(`connection lost (${error.reason}); reconnecting…`);
      interrupted = true;
      await sleep(retryMs, options.signal);
      continue;
    }
    if (interrupted) options.note('reconnected');
    else if (!connectedOnce) options.note('connected; waiting for events (Ctrl-C to stop)');
    interrupted = false;
    if (options.history && !connectedOnce) shownUpTo = await showHistory(client, options, show);
    connectedOnce = true;

    const parser = new SseParser((message: SseMessage) => {
      if (message.event === 'diagnostic') show(message.data);
      if (message.id !== undefined) lastEventId = message.id;
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.push(decoder.decode(chunk, { stream: true }));
        retryMs = parser.retryMs ?? retryMs;
      }
    } catch {
      // The connection dropped under the read: opened again below.
    }
    if (options.signal?.aborted) return;
    options.note('connection closed; reconnecting…');
    interrupted = true;
    await sleep(retryMs, options.signal);
  }
}

/** Prints the events recorded so far; returns the highest record id shown. */
async function showHistory(client: ApiClient, options: TailOptions, show: (data: string) => void): Promise<number> {
  const query = {
    requestId: options.filter.requestId,
    deviceId: options.filter.deviceId,
    level: options.filter.level,
    since: options.history?.since?.toISOString(),
    limit: 5000,
  };
  const eventIds = typeof options.filter.eventId === 'string' ? new Set(options.filter.eventId.split(',').map(Number)) : undefined;
  let highest = -1;
  if (options.xml) {
    for (const element of eventElements(await client.text('/v1/events', { query: { ...query, format: 'xml' } }))) {
      const eventId = Number(/<EventID>(\d+)<\/EventID>/.exec(element)?.[1]);
      if (eventIds && !eventIds.has(eventId)) continue;
      show(element);
      highest = Math.max(highest, recordIdOfElement(element) ?? -1);
    }
    return highest;
  }
  const { items } = await client.json<{ items: Array<EventSummary & Record<string, unknown>> }>('GET', '/v1/events', { query, idempotent: true });
  for (const event of items) {
    if (eventIds && !eventIds.has(event.eventId)) continue;
    show(JSON.stringify(event));
    highest = Math.max(highest, event.eventRecordId ?? -1);
  }
  return highest;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
