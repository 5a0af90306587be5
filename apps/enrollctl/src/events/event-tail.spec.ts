import { ApiClient } from '../api-client';
import { tailEvents, TailOptions } from './event-tail';

const KEY = 'admin-key-0123456789abcdef0123';

function event(recordId: number, eventId: number, message: string) {
  return { eventId, level: 4, timeCreated: `2030-01-10T12:00:0${recordId}.000Z`, eventRecordId: recordId, message, activityId: 'r' };
}

function sse(messages: Array<{ id: string; data: unknown }>, more = ''): string {
  return `retry: 10\n: connected\n\n${messages.map(({ id, data }) => `id: ${id}\nevent: diagnostic\ndata: ${JSON.stringify(data)}\n\n`).join('')}${more}`;
}

/** A fetch whose answers are scripted; the stream ends (the connection drops) after its body. */
function scripted(answers: Array<(url: string, init: RequestInit) => Response | Promise<Response>>) {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    requests.push({ url, headers: init.headers as Record<string, string> });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next(url, init);
  };
  return { fetchImpl: fetchImpl as unknown as typeof fetch, requests };
}

describe(tailEvents.name, () => {
  function run(fetchImpl: typeof fetch, options: Partial<TailOptions> = {}) {
    const lines: string[] = [];
    const notes: string[] = [];
    const stop = new AbortController();
    const done = tailEvents(new ApiClient('http://api.test', KEY, fetchImpl), {
      filter: { requestId: 'r' },
      xml: false,
      json: false,
      write: (line) => lines.push(line),
      note: (line) => notes.push(line),
      signal: stop.signal,
      sleep: async () => undefined,
      ...options,
    });
    return { lines, notes, stop, done };
  }

  it('prints one line per event and reconnects with Last-Event-ID when the connection drops', async () => {
    let stop!: AbortController;
    const { fetchImpl, requests } = scripted([
      () =>
        new Response(
          sse([
            { id: '1-0', data: event(1, 20, 'Applying') },
            { id: '2-0', data: event(2, 10, 'Configuring') },
          ]),
        ),
      () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })),
      () => {
        stop.abort();
        return new Response(sse([{ id: '3-0', data: event(3, 21, 'Applied') }]));
      },
    ]);
    const tail = run(fetchImpl);
    stop = tail.stop;
    await tail.done;
    expect(tail.lines).toEqual([
      '2030-01-10T12:00:01.000Z  Information    20  Applying',
      '2030-01-10T12:00:02.000Z  Information    10  Configuring',
      '2030-01-10T12:00:03.000Z  Information    21  Applied',
    ]);
    expect(requests.map((request) => request.headers['last-event-id'])).toEqual([undefined, '2-0', '2-0']);
    expect(requests[0].url).toBe('http://api.test/v1/events/stream?requestId=r&format=json');
    expect(tail.notes).toEqual(['connected; waiting for events (Ctrl-C to stop)', 'connection closed; reconnecting…', 'reconnected']);
  });

  it('prints the history first, and an event in both the history and the stream once', async () => {
    let stop!: AbortController;
    const { fetchImpl, requests } = scripted([
      () =>
        new Response(
          sse([
            { id: '2-0', data: event(2, 10, 'Configuring') },
            { id: '3-0', data: event(3, 21, 'Applied') },
          ]),
        ),
      () => {
        stop.abort();
        return Response.json({ items: [event(1, 20, 'Applying'), event(2, 10, 'Configuring')] });
      },
    ]);
    const tail = run(fetchImpl, { json: true, history: {} });
    stop = tail.stop;
    await tail.done;
    expect(tail.lines.map((line) => JSON.parse(line).eventRecordId)).toEqual([1, 2, 3]);
    expect(requests[1].url).toBe('http://api.test/v1/events?requestId=r&limit=5000');
  });

  it('ends with the error when the first connection fails, or the API refuses', async () => {
    const refused = scripted([() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))]);
    await expect(run(refused.fetchImpl).done).rejects.toThrow(/^cannot reach/);
    const denied = scripted([() => Response.json({ error: { code: 'ADMIN_KEY_INVALID', message: 'no' } }, { status: 401 })]);
    await expect(run(denied.fetchImpl).done).rejects.toThrow('ADMIN_KEY_INVALID: no');
  });
});
