import { TestService } from './support/service';
import { SseClient } from './support/sse';
import { waitFor } from './support/wait';

describe('GET /v1/events/stream capacity (end to end)', () => {
  const service = new TestService('stream-cap', { EVENT_STREAMS_MAX: '3' });
  const clients: SseClient[] = [];
  const feedName = () => `${service.keyNames.root}:event-feed`;

  beforeAll(async () => {
    await service.start(0);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await service.stop();
  });

  const client = () => {
    const created = new SseClient(`${service.baseUrl}/v1/events/stream`, { authorization: `Bearer ${service.adminKey}` });
    clients.push(created);
    return created;
  };
  const feedConnections = async () =>
    ((await service.redis.call('CLIENT', 'LIST')) as string).split('\n').filter((line) => line.includes(` name=${feedName()} `)).length;

  it('answers 503 EVENT_STREAMS_EXHAUSTED with Retry-After beyond EVENT_STREAMS_MAX, until a stream closes', async () => {
    const open: SseClient[] = [];
    for (let i = 0; i < 3; i++) {
      open.push(client());
      expect(await open[i].open()).toBe(200);
    }

    const refused = await fetch(`${service.baseUrl}/v1/events/stream`, { headers: { authorization: `Bearer ${service.adminKey}` } });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('EVENT_STREAMS_EXHAUSTED');

    await open[0].close();
    // The server learns of the close from the socket: try until the slot is free.
    const fourth = await waitFor(
      async () => {
        const candidate = client();
        if ((await candidate.open()) === 200) return candidate;
        await candidate.close();
        return undefined;
      },
      { what: 'a slot to be free again', timeoutMs: 10000 },
    );
    await Promise.all([fourth, ...open].map((stream) => stream.close()));
  });

  it('closes its blocking connection once the last stream is closed, and opens one again for the next', async () => {
    const streams = [client(), client()];
    for (const stream of streams) expect(await stream.open()).toBe(200);
    await waitFor(async () => ((await feedConnections()) === 1 ? true : undefined), { what: 'the event feed connection', timeoutMs: 10000 });

    await Promise.all(streams.map((stream) => stream.close()));
    await waitFor(async () => ((await feedConnections()) === 0 ? true : undefined), { what: 'the event feed connection to close', timeoutMs: 10000 });

    expect(await client().open()).toBe(200);
    await waitFor(async () => ((await feedConnections()) === 1 ? true : undefined), { what: 'a new event feed connection', timeoutMs: 10000 });
  });
});
