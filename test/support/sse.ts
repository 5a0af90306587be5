import { SseMessage, SseParser } from '@app/enrollment';
import { waitFor } from './wait';

export type { SseMessage };

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
    const parser = new SseParser((message) => this.messages.push(message));
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          parser.push(value);
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
}
