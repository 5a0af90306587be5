import { once } from 'node:events';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createEvent, FLOW_EVENTS, LoggedEvent, RedisEventRepository, RedisKeys, SseMessage, SseParser } from '@app/enrollment';
import { recordingLogger } from '@app/enrollment/testing/spec-helpers';
import { waitFor } from '../../../../test/support/wait';
import { EventFeed } from './event-feed.service';
import { EventStreamQuerySchema } from './event-stream.query';
import { EventStreamSession, MAX_UNREAD_BYTES } from './event-stream.session';

/** The client end of one stream, and `closed`: when the server's end of it closed. */
interface Client {
  messages: SseMessage[];
  response: http.IncomingMessage;
  closed: Promise<void>;
}

describe(EventStreamSession.name, () => {
  const { logger, records } = recordingLogger();
  const sessions: EventStreamSession[] = [];
  const responses: http.ServerResponse[] = [];
  // Each request to the server is one session, with the filters of its query string.
  const server = http.createServer((request, response) => {
    const query = EventStreamQuerySchema.parse(Object.fromEntries(new URL(request.url!, 'http://localhost').searchParams));
    responses.push(response);
    sessions.push(new EventStreamSession(response, query, logger));
  });
  let base: string;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const response of responses.splice(0)) response.destroy();
    sessions.splice(0);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Opens a stream; `read: false` leaves everything the server sends unread. */
  async function connect(query = '', { read = true } = {}): Promise<{ session: EventStreamSession; client: Client }> {
    const count = sessions.length;
    const request = http.get(`${base}/${query}`);
    const session = await waitFor(() => sessions[count], { what: 'the server to take the request' });
    session.open();
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    const messages: SseMessage[] = [];
    const parser = new SseParser((message) => messages.push(message));
    // A paused client would not notice the close: the server's end tells.
    const closed = once(responses[count], 'close').then(() => undefined);
    if (read) response.setEncoding('utf8').on('data', (chunk: string) => parser.push(chunk));
    else response.pause();
    return { session, client: { messages, response, closed } };
  }

  const started = FLOW_EVENTS['workplace-join'].steps.authenticate!.started;
  const completed = FLOW_EVENTS['workplace-join'].completed;
  let sequence = 0;
  const logged = (definition = started, activityId = randomUUID(), data: Record<string, string> = {}): LoggedEvent => ({
    position: `${Date.now()}-${sequence++}`,
    event: { eventRecordId: sequence, ...createEvent(definition, { activityId, computer: 'PC01', data }) },
  });

  it('sends the events its filters let through, each an SSE message with the position as id, as JSON or XML', async () => {
    const requestId = randomUUID();
    const { session: json, client: jsonClient } = await connect(`?requestId=${requestId}`);
    const { session: xml, client: xmlClient } = await connect(`?eventId=${completed.id}&format=xml`);
    const events = [logged(started, requestId), logged(started), logged(completed, requestId), logged(completed)];

    for (const sut of [json, xml]) sut.deliver(events);

    await waitFor(() => jsonClient.messages.length === 2 || undefined, { what: 'the JSON messages' });
    await waitFor(() => xmlClient.messages.length === 2 || undefined, { what: 'the XML messages' });
    expect(jsonClient.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(jsonClient.messages.map((message) => message.id)).toEqual([events[0].position, events[2].position]);
    expect(jsonClient.messages.map((message) => JSON.parse(message.data).eventRecordId)).toEqual([
      events[0].event.eventRecordId,
      events[2].event.eventRecordId,
    ]);
    expect(xmlClient.messages.map((message) => message.id)).toEqual([events[2].position, events[3].position]);
    expect(xmlClient.messages.every((message) => message.event === 'diagnostic' && message.data.startsWith('<Event xmlns='))).toBe(true);
  });

  it('drops a client that leaves more than its bound unread, while a client that reads gets everything', async () => {
    const { session: slow, client: slowClient } = await connect('', { read: false });
    const { session: fast, client: fastClient } = await connect('');
    const big = 'x'.repeat(64 * 1024);
    let sent = 0;
    let dropped = false;
    void slowClient.closed.then(() => (dropped = true));

    // Paced to what the reading client takes; the slow one is never waited for.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the session's drop callback sets it
    while (!dropped && sent * big.length < 20 * MAX_UNREAD_BYTES) {
      const batch = Array.from({ length: 8 }, () => logged(started, randomUUID(), { Payload: big }));
      slow.deliver(batch);
      fast.deliver(batch);
      sent += batch.length;
      await fast.writable();
      // Lets the sockets move data (and the dropped one close) before the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(dropped).toBe(true);
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', message: 'event stream dropped: its client reads too slowly' }));
    await waitFor(() => fastClient.messages.length === sent || undefined, { what: 'every message on the reading client' });
    expect(fastClient.response.destroyed).toBe(false);
  });

  describe('with the event feed', () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3, enableAutoPipelining: true });
    const keys = new RedisKeys(`unit-session-${randomBytes(4).toString('hex')}`);
    const repository = new RedisEventRepository(redis, keys, { perRequest: 200, perDevice: 50, global: 10_000 }, logger);
    const feed = new EventFeed(repository, logger);

    afterAll(async () => {
      feed.onApplicationShutdown();
      const found = await redis.keys(`${keys.root}:*`);
      if (found.length > 0) await redis.del(...found);
      await redis.quit();
    });

    const append = async (definition: typeof started, activityId: string): Promise<string> => {
      await repository.append(createEvent(definition, { activityId, computer: 'PC01', data: {} }));
      return repository.lastPosition();
    };

    it("resumes a filtered stream after its Last-Event-ID: the request's events from the backlog, then live, none twice", async () => {
      const requestId = randomUUID();
      const other = randomUUID();
      const { session: watcherSession } = await connect();
      await feed.subscribe(watcherSession).live;
      const positions: string[] = [];
      for (const activityId of [requestId, other, requestId, other, requestId]) positions.push(await append(started, activityId));

      const { session: sut, client } = await connect(`?requestId=${requestId}`);
      const subscription = feed.subscribe(sut, positions[0]);
      const live = [await append(started, other), await append(completed, requestId)];
      await subscription.live;
      const last = await append(completed, requestId);

      await waitFor(() => client.messages.some((message) => message.id === last) || undefined, { what: 'the last event' });
      expect(client.messages.map((message) => message.id)).toEqual([positions[2], positions[4], live[1], last]);
      expect(client.messages.every((message) => JSON.parse(message.data).activityId === requestId)).toBe(true);
    });
  });
});
