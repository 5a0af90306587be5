import { XMLParser } from 'fast-xml-parser';
import { eventElements, eventLine, recordIdOfElement } from './event-format';

describe(eventLine.name, () => {
  it.each([
    [{ level: 4, eventId: 21 }, '2030-01-10T12:00:00.000Z  Information    21  Package applied'],
    [{ level: 2, eventId: 1001 }, '2030-01-10T12:00:00.000Z  Error        1001  Package applied'],
    [{ level: 9, eventId: 7 }, '2030-01-10T12:00:00.000Z  Level 9         7  Package applied'],
  ])('shows time, level, event id and message (%j)', (fields, expected) => {
    expect(eventLine({ timeCreated: '2030-01-10T12:00:00.000Z', message: 'Package applied', ...fields })).toBe(expected);
  });

  it('keeps one event on one line', () => {
    expect(eventLine({ timeCreated: 't', level: 4, eventId: 1, message: 'first\r\n  second' })).toMatch(/first second$/);
  });
});

describe(eventElements.name, () => {
  const document = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Events>',
    '  <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    '    <System>',
    '      <EventID>20</EventID>',
    '      <EventRecordID>7</EventRecordID>',
    '    </System>',
    '    <EventData>',
    '      <Data Name="Category">Accounts/Azure</Data>',
    '    </EventData>',
    '  </Event>',
    '  <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    '    <System>',
    '      <EventID>21</EventID>',
    '      <EventRecordID>9</EventRecordID>',
    '    </System>',
    '    <EventData/>',
    '  </Event>',
    '</Events>',
  ].join('\n');

  it('splits an <Events> document into standalone <Event> elements that parse back', () => {
    const sut = eventElements(document);
    expect(sut).toHaveLength(2);
    expect(sut[1].split('\n')[0]).toBe('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">');
    const parsed = sut.map((element) => new XMLParser({ parseTagValue: false }).parse(element).Event.System.EventID);
    expect(parsed).toEqual(['20', '21']);
    expect(sut.map(recordIdOfElement)).toEqual([7, 9]);
  });

  it('finds nothing in an empty log', () => {
    expect(eventElements('<?xml version="1.0" encoding="utf-8"?>\n<Events>\n</Events>\n')).toEqual([]);
  });
});
