import { waitFor } from './wait';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** A Server-Sent Events connection whose messages are collected as they arrive. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Connects; resolves with the response status once the headers are in. */
  async open(): Promise<number> {
    const response = await fetch(this.url, { headers: this.headers, signal: this.abort.signal });
    if (!response.ok || !response.body) return response.status;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.done = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.collect(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // aborted by close()
      }
    })();
    return response.status;
  }

  waitFor(predicate: (message: SseMessage) => boolean, what: string, timeoutMs = 30000): Promise<SseMessage> {
    return waitFor(() => this.messages.find(predicate), { what, timeoutMs });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private collect(block: string): void {
    const message: SseMessage = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
      if (field === 'data') data.push(value);
      else if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
    }
    if (data.length === 0) return;
    message.data = data.join('\n');
    this.messages.push(message);
  }
}
