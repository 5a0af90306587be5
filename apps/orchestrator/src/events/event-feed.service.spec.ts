import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createEvent, EventTail, FLOW_EVENTS, LoggedEvent, RedisEventRepository, RedisKeys } from '@app/enrollment';
import { recordingLogger } from '@app/enrollment/testing/spec-helpers';
import { waitFor } from '../../../../test/support/wait';
import { EventFeed, FeedSubscriber } from './event-feed.service';

/** Keeps what the feed hands it; `writable` can be held shut to act as a client that reads nothing. */
class RecordingSubscriber implements FeedSubscriber {
  readonly received: LoggedEvent[] = [];
  ended = false;
  private shut?: Promise<void>;
  private open?: () => void;

  deliver(events: LoggedEvent[]): void {
    this.received.push(...events);
  }
  writable(): Promise<void> {
    return this.shut ?? Promise.resolve();
  }
  end(): void {
    this.ended = true;
  }
  holdShut(): void {
    this.shut = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
  }
  get positions(): string[] {
    return this.received.map((entry) => entry.position);
  }
  has(position: string): true | undefined {
    return this.positions.includes(position) || undefined;
  }
}

describe(EventFeed.name, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const keys = new RedisKeys(`unit-feed-${randomBytes(4).toString('hex')}`);
  const feedName = `${keys.root}:event-feed`;
  const { logger, records } = recordingLogger();
  const repository = new RedisEventRepository(redis, keys, { perRequest: 200, perDevice: 50, global: 100_000 }, logger);
  let sut: EventFeed;

  beforeEach(() => {
    sut = new EventFeed(repository, logger);
  });
  afterEach(() => {
    sut.onApplicationShutdown();
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    const found = await redis.keys(`${keys.root}:*`);
    if (found.length > 0) await redis.del(...found);
    await redis.quit();
  });

  const started = FLOW_EVENTS['workplace-join'].steps.authenticate!.started;
  /** Appends an event and returns its position (appends awaited one after another only). */
  const append = async (step: string, activityId: string = randomUUID()): Promise<string> => {
    await repository.append(createEvent(started, { activityId, computer: 'PC01', data: { Step: step } }));
    return repository.lastPosition();
  };
  const appendMany = (count: number, label: string) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        repository.append(createEvent(started, { activityId: randomUUID(), computer: 'PC01', data: { Step: `${label}-${i}` } })),
      ),
    );
  const allPositions = async () => (await redis.xrange(keys.eventStream, '-', '+')).map(([position]) => position);
  const feedConnections = async () => ((await redis.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${feedName} `)).length;
  const subscribed = async (afterPosition?: string) => {
    const subscriber = new RecordingSubscriber();
    const subscription = sut.subscribe(subscriber, afterPosition);
    await subscription.live;
    return { subscriber, subscription };
  };

  it('serves any number of subscribers from one Redis connection, closed after the last leaves and opened again for the next', async () => {
    const tails = jest.spyOn(repository, 'tail');
    const many = await Promise.all(Array.from({ length: 25 }, () => subscribed()));

    const position = await append('for everyone');
    await waitFor(() => many.every(({ subscriber }) => subscriber.has(position)) || undefined, { what: 'every subscriber to get the event' });

    expect(tails).toHaveBeenCalledTimes(1);
    expect(await feedConnections()).toBe(1);

    for (const { subscription } of many) subscription.close();
    await waitFor(async () => ((await feedConnections()) === 0 ? true : undefined), { what: 'the feed connection to close' });

    const again = await subscribed();
    const later = await append('after a restart');
    await waitFor(() => again.subscriber.has(later), { what: 'the event, from a new reader' });
    expect(tails).toHaveBeenCalledTimes(2);
    expect(again.subscriber.positions).toEqual([later]);
  });

  it('gives a subscriber without a position only what is written after it subscribed', async () => {
    const before = await append('before');
    const { subscriber } = await subscribed();
    const after = await append('after');

    await waitFor(() => subscriber.has(after), { what: 'the later event' });

    expect(subscriber.positions).toEqual([after]);
    expect(subscriber.positions).not.toContain(before);
  });

  it('resumes each subscriber after its position: the backlog, then live events, each once and in order, while events keep coming', async () => {
    const { subscriber: watcher } = await subscribed();
    await appendMany(1200, 'backlog');
    const backlog = await allPositions();
    // Subscribers join at different moments of a steady flow of appends, each from another point of the backlog.
    const flowing = (async () => {
      for (let i = 0; i < 20; i++) await appendMany(20, `live-${i}`);
    })();
    const resumed = await Promise.all(
      [10, 499, 500, 900, backlog.length - 1].map(async (index, order) => {
        await waitFor(() => watcher.received.length >= order * 60 || undefined, { what: 'the flow to go on' });
        return { after: backlog[index], ...(await subscribed(backlog[index])) };
      }),
    );
    await flowing;
    const last = await append('last');

    await waitFor(() => resumed.every(({ subscriber }) => subscriber.has(last)) || undefined, { what: 'every subscriber to reach the last event' });
    const log = await allPositions();
    for (const { after, subscriber } of resumed) {
      expect(subscriber.positions).toEqual(log.slice(log.indexOf(after) + 1));
    }
  });

  it('gives nothing twice to a subscriber resuming from a position the reader has not reached yet', async () => {
    let gate: Promise<void> | undefined;
    let open: () => void = () => undefined;
    const realTail = repository.tail.bind(repository);
    jest.spyOn(repository, 'tail').mockImplementationOnce((): EventTail => {
      const tail = realTail();
      const after: EventTail['after'] = async (...args) => {
        await gate;
        return tail.after(...args);
      };
      return { after, close: () => tail.close() };
    });
    const { subscriber: watcher } = await subscribed();
    gate = new Promise((resolve) => (open = resolve));
    const first = await append('seen by the reader');
    await waitFor(() => watcher.has(first), { what: 'the reader to read the first event' });
    // The reader now waits at the gate, at the first event; the log goes on without it.
    const second = await append('not yet read');
    const third = await append('not yet read either');

    const { subscriber: ahead } = await subscribed(second);
    open();

    await waitFor(() => ahead.has(third), { what: 'the third event' });
    expect(ahead.positions).toEqual([third]);
    await waitFor(() => watcher.has(third), { what: 'the watcher to get the third event' });
    expect(watcher.positions).toEqual([first, second, third]);
  });

  it('hands a live subscriber every event while another one waits on its backlog, and ends that one if it falls too far behind', async () => {
    const start = await append('start');
    await appendMany(600, 'backlog');
    const { subscriber: fast } = await subscribed();
    const slow = new RecordingSubscriber();
    slow.holdShut();
    const slowSubscription = sut.subscribe(slow, start);
    await waitFor(() => slow.received.length > 0 || undefined, { what: 'the first page of the backlog' });

    for (let i = 0; i < 11; i++) await appendMany(1000, `burst-${i}`);
    const last = await append('last');

    await waitFor(() => fast.has(last), { what: 'the live subscriber to get everything' });
    await waitFor(() => slow.ended || undefined, { what: 'the slow subscriber to be ended' });
    expect(slow.received).toHaveLength(500);
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', message: 'event stream dropped' }));
    slow.release();
    await slowSubscription.live;
  });

  it('drops a subscriber that throws, and goes on with the others', async () => {
    const { subscriber: steady } = await subscribed();
    const failing = new RecordingSubscriber();
    jest.spyOn(failing, 'deliver').mockImplementation(() => {
      throw new Error('socket gone');
    });
    await sut.subscribe(failing).live;

    const first = await append('first');
    const second = await append('second');

    await waitFor(() => steady.has(second), { what: 'the steady subscriber to get both' });
    expect(steady.positions).toEqual([first, second]);
    expect(failing.ended).toBe(true);
  });

  it('ends every subscriber when the log cannot be read, so that their clients resume, and starts afresh for the next', async () => {
    let fail: (error: Error) => void = () => undefined;
    const realTail = repository.tail.bind(repository);
    jest.spyOn(repository, 'tail').mockImplementationOnce((): EventTail => {
      const tail = realTail();
      const failure = new Promise<never>((_, reject) => (fail = reject));
      return { after: (position, count, blockMs) => Promise.race([tail.after(position, count, blockMs), failure]), close: () => tail.close() };
    });
    const subscribers = await Promise.all([subscribed(), subscribed()]);
    await waitFor(async () => ((await feedConnections()) === 1 ? true : undefined), { what: 'the feed connection' });

    fail(new Error('Connection is closed.'));

    await waitFor(() => subscribers.every(({ subscriber }) => subscriber.ended) || undefined, { what: 'both to end' });
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', meta: { reason: 'Connection is closed.' } }));
    const next = await subscribed();
    const position = await append('after the failure');
    await waitFor(() => next.subscriber.has(position), { what: 'a new reader to serve' });
  });

  it('ends every subscriber at shutdown, closes its connection and takes no more', async () => {
    const { subscriber } = await subscribed();
    const position = await append('before shutdown');
    await waitFor(() => subscriber.has(position), { what: 'the event' });

    sut.onApplicationShutdown();

    expect(subscriber.ended).toBe(true);
    await waitFor(async () => ((await feedConnections()) === 0 ? true : undefined), { what: 'the feed connection to close' });
    await expect(sut.subscribe(new RecordingSubscriber()).live).rejects.toThrow('closed');
  });
});
