/** One Server-Sent Events message, as the EventSource interpretation rules define it. */
export interface SseMessage {
  /** The last event id seen on the stream (it carries over to messages that set none). */
  id?: string;
  /** `message` when the stream named none. */
  event: string;
  data: string;
}

const LINE_END = /\r\n?|\n/g;

/**
 * Incremental text/event-stream parser: feed it decoded text in chunks cut anywhere (even between the
 * CR and LF of one line ending) and it calls `onMessage` for every complete message. Comments, unknown
 * fields and messages without data are dropped, as EventSource does.
 */
export class SseParser {
  lastEventId?: string;
  /** The reconnection delay the server asked for with `retry:`. */
  retryMs?: number;
  private buffer = '';
  private started = false;
  private afterCr = false;
  private data: string[] = [];
  private event = '';

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  /** Forgets a message cut short by a dropped connection; the last event id and retry delay stay. */
  reset(): void {
    this.buffer = '';
    this.started = false;
    this.afterCr = false;
    this.data = [];
    this.event = '';
  }

  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line: an LF right after it belongs to it.
    if (this.afterCr && text.length > 0) {
      if (text.startsWith('\n')) text = text.slice(1);
      this.afterCr = false;
    }
    this.buffer += text;

    let start = 0;
    LINE_END.lastIndex = 0;
    for (let match = LINE_END.exec(this.buffer); match; match = LINE_END.exec(this.buffer)) {
      const line = this.buffer.slice(start, match.index);
      start = match.index + match[0].length;
      if (match[0] === '\r' && start === this.buffer.length) this.afterCr = true;
      this.line(line);
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
  }

  private dispatch(): void {
    const { data, event } = this;
    this.data = [];
    this.event = '';
    if (data.length === 0) return;
    this.onMessage({ id: this.lastEventId, event: event || 'message', data: data.join('\n') });
  }
}
