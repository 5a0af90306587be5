import { once } from 'node:events';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { AppConfig, EnrollmentError, ErrorCode } from '@app/enrollment';
import { recordingLogger } from '@app/enrollment/testing/spec-helpers';
import { waitFor } from '../../../../test/support/wait';
import { EventFeed, FeedSubscriber, FeedSubscription } from './event-feed.service';
import { EventStreamController } from './event-stream.controller';
import { EventStreamQuerySchema } from './event-stream.query';

/** Counts who is subscribed; every subscription is live at once. */
class FakeFeed {
  readonly subscribers = new Set<FeedSubscriber>();

  subscribe(subscriber: FeedSubscriber): FeedSubscription {
    this.subscribers.add(subscriber);
    return { live: Promise.resolve(), close: () => this.subscribers.delete(subscriber) };
  }
}

describe(EventStreamController.name, () => {
  const feed = new FakeFeed();
  const config = { eventStreams: { max: 2 } } as AppConfig;
  const sut = new EventStreamController(feed as unknown as EventFeed, config, recordingLogger().logger);
  const query = EventStreamQuerySchema.parse({});
  /** What the controller did with each request: served it, or threw. */
  const outcomes: Array<Promise<unknown>> = [];
  // Lets a test hold a request between the guards and the handler, as a slow guard would.
  let beforeHandler: (request: http.IncomingMessage) => Promise<void> = async () => undefined;
  const server = http.createServer((request, response) => {
    outcomes.push(
      beforeHandler(request)
        .then(() => sut.stream(query, undefined, response as unknown as Response))
        .catch((error: unknown) => {
          if (!response.headersSent && !response.destroyed) response.writeHead(503, response.getHeaders()).end();
          return error;
        }),
    );
  });
  const clients: http.ClientRequest[] = [];
  let base: string;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await waitFor(() => feed.subscribers.size === 0 || undefined, { what: 'every stream to be closed' });
    outcomes.length = 0;
    beforeHandler = async () => undefined;
  });
  afterAll(async () => {
    sut.beforeApplicationShutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function open(): Promise<http.IncomingMessage> {
    const client = http.get(base);
    client.on('error', () => undefined);
    clients.push(client);
    const [response] = (await once(client, 'response')) as [http.IncomingMessage];
    return response;
  }

  it('refuses a stream beyond EVENT_STREAMS_MAX with EVENT_STREAMS_EXHAUSTED and Retry-After, without subscribing it', async () => {
    await open();
    await open();

    const refused = await open();

    expect(refused.statusCode).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const error = (await outcomes[2]) as EnrollmentError;
    expect(error).toBeInstanceOf(EnrollmentError);
    expect(error.code).toBe(ErrorCode.EventStreamsExhausted);
    expect(feed.subscribers.size).toBe(2);
  });

  it('frees the slot of a stream whose client left', async () => {
    await open();
    await open();

    clients[0].destroy();
    await waitFor(() => feed.subscribers.size === 1 || undefined, { what: 'the stream to be closed' });

    expect((await open()).statusCode).toBe(200);
  });

  it('takes no slot for a client that left while its request was still being checked', async () => {
    beforeHandler = async (request) => {
      await once(request.socket, 'close');
    };
    const early = http.get(base);
    early.on('error', () => undefined);
    await waitFor(() => outcomes.length === 1 || undefined, { what: 'the request to arrive' });
    beforeHandler = async () => undefined;

    early.destroy();
    await outcomes[0];

    expect(feed.subscribers.size).toBe(0);
    expect((await open()).statusCode).toBe(200);
    expect((await open()).statusCode).toBe(200);
  });

  it('ends every open stream at shutdown', async () => {
    const streams = [await open(), await open()];

    sut.beforeApplicationShutdown();

    await Promise.all(streams.map((stream) => once(stream.resume(), 'end')));
    await waitFor(() => feed.subscribers.size === 0 || undefined, { what: 'the subscriptions to be closed' });
  });
});
