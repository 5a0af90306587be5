import { SseMessage, SseParser } from './sse-parser';

function parse(chunks: string[]): { messages: SseMessage[]; sut: SseParser } {
  const messages: SseMessage[] = [];
  const sut = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) sut.push(chunk);
  return { messages, sut };
}

/** The stream the orchestrator sends: a retry hint, comments, and diagnostic messages. */
const STREAM = [
  'retry: 2000',
  ': connected',
  '',
  'id: 1700000000000-0',
  'event: diagnostic',
  'data: {"eventId":1000,"activityId":"a"}',
  '',
  ': keep-alive',
  '',
  'id: 1700000000001-0',
  'event: diagnostic',
  'data: <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
  'data:   <System>é</System>',
  'data: </Event>',
  '',
  '',
].join('\n');

const EXPECTED: SseMessage[] = [
  { id: '1700000000000-0', event: 'diagnostic', data: '{"eventId":1000,"activityId":"a"}' },
  {
    id: '1700000000001-0',
    event: 'diagnostic',
    data: '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <System>é</System>\n</Event>',
  },
];

describe(SseParser.name, () => {
  it('parses a whole stream, skipping comments and joining multi-line data', () => {
    const { messages, sut } = parse([STREAM]);
    expect(messages).toEqual(EXPECTED);
    expect(sut.retryMs).toBe(2000);
    expect(sut.lastEventId).toBe('1700000000001-0');
  });

  it.each(['\n', '\r\n', '\r'])('gives the same messages wherever the chunks are cut (line ending %j)', (ending) => {
    const text = STREAM.replace(/\n/g, ending);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]).messages).toEqual(EXPECTED);
    }
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- one code point at a time is the point
    expect(parse([...text]).messages).toEqual(EXPECTED);
  });

  it('treats an LF right after a CR that ended the previous chunk as the same line ending', () => {
    const { messages } = parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    // Were each LF read as a line of its own, "a" and "b" would come as two messages.
    expect(messages).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('reads a CRLF and then an LF, each in a chunk of its own, as two line endings', () => {
    const { messages } = parse(['data: a\r', '\n', '\n']);
    expect(messages).toEqual([{ event: 'message', data: 'a' }]);
  });

  it.each([
    { what: 'a message not yet ended by a blank line', text: 'data: half', expected: [] },
    { what: 'a message without data', text: 'event: diagnostic\nid: 7\n\n', expected: [] },
    { what: 'only comments', text: ':a\n: b\n\n', expected: [] },
    { what: 'a field name without a colon', text: 'data\n\n', expected: [{ event: 'message', data: '' }] },
    { what: 'a value without the optional space', text: 'data:x\n\n', expected: [{ event: 'message', data: 'x' }] },
    { what: 'only one leading space removed', text: 'data:  x\n\n', expected: [{ event: 'message', data: ' x' }] },
    { what: 'empty data lines', text: 'data\ndata\n\n', expected: [{ event: 'message', data: '\n' }] },
    { what: 'unknown fields', text: 'foo: bar\ndata: x\n\n', expected: [{ event: 'message', data: 'x' }] },
    { what: 'a leading byte order mark', text: '\ufeffdata: x\n\n', expected: [{ event: 'message', data: 'x' }] },
    {
      what: 'the last id carried over to a message that sets none',
      text: 'id: 1\ndata: a\n\ndata: b\n\n',
      expected: [
        { id: '1', event: 'message', data: 'a' },
        { id: '1', event: 'message', data: 'b' },
      ],
    },
    {
      what: 'the event type reset after each message',
      text: 'event: diagnostic\ndata: a\n\ndata: b\n\n',
      expected: [
        { event: 'diagnostic', data: 'a' },
        { event: 'message', data: 'b' },
      ],
    },
  ])('handles $what', ({ text, expected }) => {
    expect(parse([text]).messages).toEqual(expected);
  });

  it.each([
    { retry: 'retry: 500', expected: 500 },
    { retry: 'retry: soon', expected: undefined },
  ])('reads $retry', ({ retry, expected }) => {
    expect(parse([`${retry}\n\n`]).sut.retryMs).toBe(expected);
  });
});
