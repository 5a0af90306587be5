import { DiagnosticEvent, FLOW_EVENTS, RequestRecord, RequestRepository } from '@app/enrollment';
import { EventFeed, FeedSubscriber } from '../events/event-feed.service';
import { RequestOutcomes } from './request-outcomes.service';

/** A feed whose events the test hands out, and a store whose records it sets. */
function fakes() {
  const subscribers: FeedSubscriber[] = [];
  const records = new Map<string, Partial<RequestRecord>>();
  const reads: string[] = [];
  const feed = {
    subscribe: (subscriber: FeedSubscriber) => {
      subscribers.push(subscriber);
      return { live: Promise.resolve(), close: () => undefined };
    },
  } as unknown as EventFeed;
  const requests = {
    get: async (id: string) => {
      reads.push(id);
      return (records.get(id) as RequestRecord | undefined) ?? null;
    },
  } as unknown as RequestRepository;
  const emit = (activityId: string, eventId: number) =>
    subscribers.forEach((subscriber) => subscriber.deliver([{ position: '1-0', event: { activityId, eventId } as DiagnosticEvent }]));
  return { feed, requests, records, reads, emit, subscribers };
}

describe(RequestOutcomes.name, () => {
  const completed = FLOW_EVENTS['bulk-enrollment'].completed.id;

  it('answers at once for a request that has finished', async () => {
    const { feed, requests, records } = fakes();
    records.set('r1', { status: 'succeeded' });
    const sut = new RequestOutcomes(feed, requests);

    await expect(sut.settle('r1', 10_000)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('reads the request again when its terminal event arrives, not before', async () => {
    const { feed, requests, records, reads, emit } = fakes();
    records.set('r2', { status: 'running' });
    const sut = new RequestOutcomes(feed, requests);
    const settled = sut.settle('r2', 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    emit('other', completed);
    emit('r2', FLOW_EVENTS['bulk-enrollment'].started.id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual(['r2']);

    records.set('r2', { status: 'failed' });
    emit('r2', completed);

    await expect(settled).resolves.toMatchObject({ status: 'failed' });
    expect(reads).toEqual(['r2', 'r2']);
  });

  it('gives the request as it stands when the time is up', async () => {
    const { feed, requests, records } = fakes();
    records.set('r3', { status: 'queued' });
    const sut = new RequestOutcomes(feed, requests);

    await expect(sut.settle('r3', 30)).resolves.toMatchObject({ status: 'queued' });
  });

  it('shares one subscription among all its waiters', async () => {
    const { feed, requests, records, subscribers } = fakes();
    records.set('a', { status: 'succeeded' });
    records.set('b', { status: 'succeeded' });
    const sut = new RequestOutcomes(feed, requests);

    await Promise.all([sut.settle('a', 1000), sut.settle('b', 1000)]);

    expect(subscribers).toHaveLength(1);
  });

  it('answers null for a request it does not know', async () => {
    const { feed, requests } = fakes();

    await expect(new RequestOutcomes(feed, requests).settle('nope', 1000)).resolves.toBeNull();
  });
});
