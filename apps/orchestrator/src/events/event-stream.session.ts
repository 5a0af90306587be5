import type { ServerResponse } from 'node:http';
import type { Logger } from 'winston';
import { LoggedEvent, toEventElement } from '@app/enrollment';
import type { FeedSubscriber } from './event-feed.service';
import { EventStreamQuery, matchesStream } from './event-stream.query';
import { sseComment, sseMessage } from './sse';

const KEEP_ALIVE_MS = 15000;
const RETRY_MS = 2000;
/**
 * What one client may leave unread before its stream is dropped. Live events are never held back for
 * a slow client; it reconnects with Last-Event-ID and resumes from the last event it received.
 */
export const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

// Every stream shows the same events: each is rendered once per format, not once per stream.
const rendered = { json: new WeakMap<LoggedEvent, string>(), xml: new WeakMap<LoggedEvent, string>() };

function render(entry: LoggedEvent, format: EventStreamQuery['format']): string {
  let message = rendered[format].get(entry);
  if (message === undefined) {
    const data = format === 'xml' ? toEventElement(entry.event) : JSON.stringify(entry.event);
    message = sseMessage(entry.position, 'diagnostic', data);
    rendered[format].set(entry, message);
  }
  return message;
}

/** One open event stream: its filters and format, its keep-alive, and a bound on what its client leaves unread. */
export class EventStreamSession implements FeedSubscriber {
  private keepAlive?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly query: EventStreamQuery,
    private readonly logger: Logger,
  ) {
    response.on('close', () => this.stop());
  }

  /** Sends the head (if no event did yet) and keeps the stream alive through quiet periods. */
  open(): void {
    this.write('');
    if (!this.closed) this.keepAlive = setInterval(() => this.write(sseComment('keep-alive')), KEEP_ALIVE_MS);
  }

  deliver(events: LoggedEvent[]): void {
    const messages = events.filter(({ event }) => matchesStream(event, this.query)).map((entry) => render(entry, this.query.format));
    if (messages.length > 0) this.write(messages.join(''));
  }

  writable(): Promise<void> {
    if (this.closed || !this.response.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.response.off('drain', done).off('close', done);
        resolve();
      };
      this.response.on('drain', done).on('close', done);
    });
  }

  end(): void {
    // A client that got a proper stream head retries on its own.
    this.write('');
    if (this.closed) return;
    this.stop();
    this.response.end();
  }

  /** Nothing is written after this: a write after end() would raise an error on the response. */
  private stop(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (!this.response.headersSent) {
      this.response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      text = `retry: ${RETRY_MS}\n${sseComment('connected')}${text}`;
    }
    if (text) this.response.write(text);
    if (this.response.writableLength > MAX_UNREAD_BYTES) {
      this.logger.warn('event stream dropped: its client reads too slowly', { unreadBytes: this.response.writableLength });
      this.stop();
      this.response.destroy();
    }
  }
}
