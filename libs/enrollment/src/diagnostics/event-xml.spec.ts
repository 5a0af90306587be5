import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DiagnosticEvent, EventLevel } from './diagnostic-event';
import { FLOW_EVENTS } from './event-catalogue';
import { EventContext, createEvent } from './event-factory';
import { toEventXml } from './event-xml';

type Parsed = Record<string, any>;

const JOIN = FLOW_EVENTS['workplace-join'];
// XML 1.0 Char production: anything else must never reach the output.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// htmlEntities decodes character references such as &#xD;, as any conforming parser would.
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- decodes entities as a consumer of the XML would
  htmlEntities: true,
  isArray: (name) => name === 'Event' || name === 'Data',
});

function event(overrides: Partial<DiagnosticEvent> = {}, ctx: Partial<EventContext> = {}): DiagnosticEvent {
  const base = createEvent(JOIN.completed, {
    activityId: '5b0f9c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f',
    computer: 'LAPTOP-0042',
    userId: 'ada@contoso.com',
    deviceObjectId: 'a3c9e5f1-0000-4000-8000-000000000042',
    data: {},
    now: new Date('2026-11-22T04:15:04.123Z'),
    processId: 4242,
    ...ctx,
  });
  return { ...base, eventRecordId: 42, ...overrides };
}

function parse(xml: string): Parsed[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(NOT_XML_CHAR);
  return parser.parse(xml).Events.Event as Parsed[];
}

const dataOf = (parsed: Parsed): Array<[string, string]> => (parsed.EventData.Data as Parsed[]).map((data) => [data['@_Name'], data['#text'] ?? '']);

describe('toEventXml', () => {
  const sut = toEventXml;

  it('renders one event as Event Viewer saves it, field by field', () => {
    const xml = sut([event()]);
    const [parsed] = parse(xml);

    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<Events>')).toBe(true);
    expect(parsed['@_xmlns']).toBe('http://schemas.microsoft.com/win/2004/08/events/event');
    expect(parsed.System).toEqual({
      Provider: { '@_Name': 'Microsoft-Windows-Workplace Join' },
      EventID: '1000',
      Version: '0',
      Level: '4',
      Task: String(JOIN.completed.task),
      Opcode: String(JOIN.completed.opcode),
      Keywords: '0x8000000000000000',
      TimeCreated: { '@_SystemTime': '2026-11-22T04:15:04.1230000Z' },
      EventRecordID: '42',
      Correlation: { '@_ActivityID': '{5B0F9C1E-2D3A-4C5B-9E8F-7A6B5C4D3E2F}' },
      Execution: { '@_ProcessID': '4242', '@_ThreadID': '0' },
      Channel: 'Microsoft-Windows-Workplace Join/Admin',
      Computer: 'LAPTOP-0042',
      Security: { '@_UserID': 'ada@contoso.com' },
    });
    expect(dataOf(parsed)).toEqual([
      ['UserPrincipalName', 'ada@contoso.com'],
      ['DeviceName', 'LAPTOP-0042'],
      ['DeviceObjectId', 'a3c9e5f1-0000-4000-8000-000000000042'],
    ]);
    expect(parsed.RenderingInfo).toEqual({
      '@_Culture': 'en-US',
      Message: 'Workplace Join of ada@contoso.com on LAPTOP-0042 completed. Device object a3c9e5f1-0000-4000-8000-000000000042.',
      Level: 'Information',
      Task: 'Workplace Join',
      Opcode: 'Stop',
      Channel: 'Microsoft-Windows-Workplace Join/Admin',
      Provider: 'Microsoft-Windows-Workplace Join',
    });
  });

  it('escapes markup and replaces characters XML 1.0 forbids in every text and attribute', () => {
    const hostile = `<&"'>\u0000\u0001\uFFFF\uD800`;
    const safe = `<&"'>\uFFFD\uFFFD\uFFFD\uFFFD`;
    const xml = sut([
      event({ activityId: `req ${hostile}` }, { computer: `PC ${hostile}`, userId: `user ${hostile}`, data: { [`Name ${hostile}`]: `value ${hostile}` } }),
    ]);
    const [parsed] = parse(xml);

    expect(xml).not.toContain('<&');
    expect(parsed.System.Correlation['@_ActivityID']).toBe(`req ${safe}`);
    expect(parsed.System.Computer).toBe(`PC ${safe}`);
    expect(parsed.System.Security['@_UserID']).toBe(`user ${safe}`);
    expect(dataOf(parsed)).toContainEqual([`Name ${safe}`, `value ${safe}`]);
    expect(parsed.RenderingInfo.Message).toContain(`on PC ${safe} completed`);
  });

  it('keeps tabs, line feeds and carriage returns exactly, in attributes too', () => {
    const xml = sut([event({ userId: 'a\tb\nc\rd', message: 'line 1\r\nline 2' })]);
    const [parsed] = parse(xml);

    expect(parsed.System.Security['@_UserID']).toBe('a\tb\nc\rd');
    expect(parsed.RenderingInfo.Message).toBe('line 1\r\nline 2');
  });

  it('renders several events in order inside one Events element', () => {
    const events = [
      event({ eventRecordId: 1 }, { userId: undefined }),
      { ...createEvent(JOIN.started, { activityId: 'a', computer: 'PC', data: {} }), eventRecordId: 2 },
      { ...createEvent(JOIN.steps.authenticate!.retrying, { activityId: 'a', computer: 'PC', data: { Attempt: 1 } }), eventRecordId: 3 },
    ];
    const parsed = parse(sut(events));

    expect(parsed.map((p) => [p.System.EventID, p.System.EventRecordID, p.RenderingInfo.Level])).toEqual([
      ['1000', '1', 'Information'],
      ['100', '2', 'Information'],
      ['102', '3', 'Warning'],
    ]);
  });

  it('writes a bare Security element when the event has no user', () => {
    const xml = sut([event({ userId: undefined })]);
    const [parsed] = parse(xml);

    expect(xml).toContain('<Security/>');
    expect(parsed.System.Security).toBe('');
  });

  it('writes an empty EventData element when the event has no data', () => {
    const [parsed] = parse(sut([event({ data: {} })]));

    expect(parsed.EventData).toBe('');
  });

  it('renders an empty list as an empty Events element', () => {
    const xml = sut([]);

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).Events).toBe('');
  });

  it.each([
    ['2026-11-22T04:15:04.123Z', '2026-11-22T04:15:04.1230000Z'],
    ['2026-11-22T04:15:04Z', '2026-11-22T04:15:04.0000000Z'],
    ['2026-11-22T04:15:04.123456789Z', '2026-11-22T04:15:04.1234567Z'],
    ['2026-11-22T05:15:04.5+01:00', '2026-11-22T04:15:04.5000000Z'],
    ['not a date', 'not a date'],
  ])('writes TimeCreated %s as SystemTime %s', (timeCreated, systemTime) => {
    const [parsed] = parse(sut([event({ timeCreated })]));

    expect(parsed.System.TimeCreated['@_SystemTime']).toBe(systemTime);
  });

  it.each([
    ['5b0f9c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f', '{5B0F9C1E-2D3A-4C5B-9E8F-7A6B5C4D3E2F}'],
    ['{5B0F9C1E-2D3A-4C5B-9E8F-7A6B5C4D3E2F}', '{5B0F9C1E-2D3A-4C5B-9E8F-7A6B5C4D3E2F}'],
    ['req-42', 'req-42'],
  ])('writes request id %s as ActivityID %s', (activityId, expected) => {
    const [parsed] = parse(sut([event({ activityId })]));

    expect(parsed.System.Correlation['@_ActivityID']).toBe(expected);
  });

  it('falls back to Windows-style names for an event the catalogue no longer knows', () => {
    const [parsed] = parse(sut([event({ symbol: 'RetiredEvent', task: 7, opcode: 1, level: EventLevel.Error })]));

    expect(parsed.RenderingInfo).toMatchObject({ Level: 'Error', Task: '(7)', Opcode: 'Start' });
  });
});
