import { ALL_EVENT_DEFINITIONS } from './event-catalogue';
import { createEvent } from './event-factory';
import { parseStoredEvent, storedEvent } from './stored-event';

describe('stored events', () => {
  const context = {
    activityId: '6f1c9a52-8a1d-4a57-9d43-0f6d3b1e2c11',
    computer: 'CONTOSO-7Q2K',
    userId: 'alice@contoso.com',
    deviceObjectId: 'a3f0c1d2-5b6e-4f70-8a9b-0c1d2e3f4a5b',
    data: { SerialNumber: 'PF3X9K2L', DeviceName: 'CONTOSO-7Q2K', Code: 'NAME_TAKEN', Attempt: 2 },
    now: new Date('2026-12-03T10:00:00.000Z'),
    processId: 4242,
    worker: 'worker-1:4242',
  };

  /** What the event store does: splices the record id it numbers into the stored JSON. */
  const filed = (json: string, eventRecordId: number) => `{"eventRecordId":${eventRecordId},${json.slice(1)}`;

  it.each(ALL_EVENT_DEFINITIONS.map((def) => [def.symbol, def] as const))('%s comes back whole from its stored form', (_symbol, def) => {
    const event = createEvent(def, context);

    const back = parseStoredEvent(filed(JSON.stringify(storedEvent(event)), 77));

    expect(back).toStrictEqual({ eventRecordId: 77, ...event });
    expect(Object.keys(back)).toEqual(['eventRecordId', ...Object.keys(event)]);
  });

  it('keeps neither the catalogue fields nor the rendered message', () => {
    const event = createEvent(ALL_EVENT_DEFINITIONS[0], context);

    const stored = JSON.stringify(storedEvent(event));

    expect(Object.keys(JSON.parse(stored))).toEqual(['symbol', 'timeCreated', 'activityId', 'processId', 'worker', 'computer', 'userId', 'deviceObjectId', 'data']);
    expect(stored.length).toBeLessThan(JSON.stringify(event).length * 0.6);
  });

  it('leaves out the user and the device when the event has none', () => {
    const event = createEvent(ALL_EVENT_DEFINITIONS[0], { ...context, userId: undefined, deviceObjectId: undefined });

    const back = parseStoredEvent(filed(JSON.stringify(storedEvent(event)), 1));

    expect(back).not.toHaveProperty('userId');
    expect(back).not.toHaveProperty('deviceObjectId');
    expect(back).toStrictEqual({ eventRecordId: 1, ...event });
  });

  it('returns an event stored whole as it was', () => {
    const whole = { eventRecordId: 5, ...createEvent(ALL_EVENT_DEFINITIONS[3], context) };

    expect(parseStoredEvent(JSON.stringify(whole))).toStrictEqual(whole);
  });

  it('names the record and the symbol when the catalogue does not know it', () => {
    const stored = filed(JSON.stringify({ ...storedEvent(createEvent(ALL_EVENT_DEFINITIONS[0], context)), symbol: 'FromALaterVersion' }), 9);

    expect(() => parseStoredEvent(stored)).toThrow('Stored event 9 has symbol FromALaterVersion');
  });
});
