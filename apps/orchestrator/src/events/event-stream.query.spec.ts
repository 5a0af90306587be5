import { DiagnosticEvent, EventLevel } from '@app/enrollment';
import { EventStreamQuerySchema, matchesStream } from './event-stream.query';
import { sseMessage } from './sse';

const REQUEST = '5b0f9c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f';
const DEVICE = '0f3b8e6c-a271-4556-9b72-a26cbd8090c8';
const event = { eventId: 1000, level: EventLevel.Information, activityId: REQUEST, deviceObjectId: DEVICE } as DiagnosticEvent;

describe(matchesStream.name, () => {
  const sut = matchesStream;
  const query = (raw: Record<string, string>) => EventStreamQuerySchema.parse(raw);

  it.each<{ name: string; raw: Record<string, string>; expected: boolean }>([
    { name: 'no filter', raw: {}, expected: true },
    { name: 'its request', raw: { requestId: REQUEST }, expected: true },
    { name: 'another request', raw: { requestId: DEVICE }, expected: false },
    { name: 'its device', raw: { deviceId: DEVICE }, expected: true },
    { name: 'another device', raw: { deviceId: REQUEST }, expected: false },
    { name: 'level 4 (its own)', raw: { level: '4' }, expected: true },
    { name: 'level 2 (more severe only)', raw: { level: '2' }, expected: false },
    { name: 'its event id among others', raw: { eventId: '21,1000' }, expected: true },
    { name: 'other event ids', raw: { eventId: '21,22' }, expected: false },
    { name: 'every filter passing', raw: { requestId: REQUEST, deviceId: DEVICE, level: '5', eventId: '1000' }, expected: true },
  ])('says $expected for $name', ({ raw, expected }) => {
    expect(sut(event, query(raw))).toBe(expected);
  });

  it.each(['21;22', '21,', 'x', '123456'])('refuses eventId=%s', (eventId) => {
    expect(EventStreamQuerySchema.safeParse({ eventId }).success).toBe(false);
  });
});

describe(sseMessage.name, () => {
  const sut = sseMessage;

  it('writes id, event and one data field per line, ending with a blank line', () => {
    expect(sut('1-0', 'diagnostic', '<Event>\n  <System/>\r\n</Event>')).toBe(
      'id: 1-0\nevent: diagnostic\ndata: <Event>\ndata:   <System/>\ndata: </Event>\n\n',
    );
  });
});
