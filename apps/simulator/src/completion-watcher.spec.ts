import { COMPLETION_STREAM_PATH, terminalEventOf } from './completion-watcher';

describe(terminalEventOf.name, () => {
  const event = (fields: object) => JSON.stringify({ activityId: 'req-1', deviceObjectId: 'dev-1', message: 'rendered', data: {}, ...fields });

  it.each([
    { eventId: 1000, succeeded: true },
    { eventId: 1002, succeeded: true },
    { eventId: 21, succeeded: true },
    { eventId: 1001, succeeded: false },
    { eventId: 1003, succeeded: false },
    { eventId: 22, succeeded: false },
  ])('reads event $eventId as succeeded: $succeeded', ({ eventId, succeeded }) => {
    expect(terminalEventOf(event({ eventId }), 42)).toMatchObject({ requestId: 'req-1', eventId, succeeded, deviceObjectId: 'dev-1', at: 42 });
  });

  it('takes a failure code and message from EventData, or falls back', () => {
    expect(terminalEventOf(event({ eventId: 22, data: { ErrorCode: 'NAME_COLLISION', ErrorMessage: 'taken' } }), 0)).toMatchObject({
      code: 'NAME_COLLISION',
      message: 'taken',
    });
    expect(terminalEventOf(event({ eventId: 1001 }), 0)).toMatchObject({ code: 'FAILED', message: 'rendered' });
  });

  it.each([
    { what: 'a step event', data: event({ eventId: 1010 }) },
    { what: 'an event without a request id', data: JSON.stringify({ eventId: 1000 }) },
    { what: 'XML', data: '<Event/>' },
    { what: 'nothing', data: '' },
  ])('ignores $what', ({ data }) => {
    expect(terminalEventOf(data, 0)).toBeUndefined();
  });

  it('asks the stream for exactly the terminal events', () => {
    expect(COMPLETION_STREAM_PATH).toBe('/v1/events/stream?eventId=21,22,1000,1001,1002,1003');
  });
});
