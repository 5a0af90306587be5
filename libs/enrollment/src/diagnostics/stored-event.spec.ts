import { DiagnosticEvent } from './diagnostic-event';
import { ALL_EVENT_DEFINITIONS } from './event-catalogue';
import { createEvent } from './event-factory';
import { filedEvent, filedEventRecordId, parseFiledEvent, parseStoredEvent, StoredEvent } from './stored-event';

/** The object form in which events were stored before the filed form, which must still read. */
function storedEvent(event: Omit<DiagnosticEvent, 'eventRecordId'>): Omit<StoredEvent, 'eventRecordId'> {
  return {
    symbol: event.symbol,
    timeCreated: event.timeCreated,
    activityId: event.activityId,
    processId: event.processId,
    worker: event.worker,
    computer: event.computer,
    ...(event.userId !== undefined && { userId: event.userId }),
    ...(event.deviceObjectId !== undefined && { deviceObjectId: event.deviceObjectId }),
    data: event.data,
  };
}

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

    expect(Object.keys(JSON.parse(stored))).toEqual([
      'symbol',
      'timeCreated',
      'activityId',
      'processId',
      'worker',
      'computer',
      'userId',
      'deviceObjectId',
      'data',
    ]);
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

  describe("in the filed form of a request's list", () => {
    /** What the event store does: splices the record id it numbers into the filed array. */
    const numbered = (filed: string, eventRecordId: number) => `[${eventRecordId},${filed.slice(1)}`;

    it.each(ALL_EVENT_DEFINITIONS.map((def) => [def.symbol, def] as const))('%s comes back whole', (_symbol, def) => {
      const event = createEvent(def, context);

      const back = parseFiledEvent(numbered(filedEvent(event), 77), context.activityId);

      expect(back).toStrictEqual({ eventRecordId: 77, ...event });
      expect(Object.keys(back)).toEqual(['eventRecordId', ...Object.keys(event)]);
      expect(Object.keys(back.data)).toEqual(Object.keys(event.data));
    });

    it('keeps data values equal to the identity as numbers naming it, and strings that look like numbers as strings', () => {
      const event = createEvent(ALL_EVENT_DEFINITIONS[0], { ...context, data: { ...context.data, RequestId: context.activityId, Count: '2' } });

      const [, , , , , , , , data] = JSON.parse(numbered(filedEvent(event), 1)) as [
        unknown,
        unknown,
        unknown,
        unknown,
        unknown,
        unknown,
        unknown,
        unknown,
        Record<string, unknown>,
      ];

      expect(data).toMatchObject({ RequestId: 0, DeviceName: 2, Count: '2', Attempt: '2' });
      expect(parseFiledEvent(numbered(filedEvent(event), 1), context.activityId).data).toStrictEqual(event.data);
    });

    it('is at most two thirds of the object form, and without the activity id the list key holds', () => {
      const event = createEvent(ALL_EVENT_DEFINITIONS[0], context);

      const filed = filedEvent(event);

      expect(filed).not.toContain(context.activityId);
      expect(filed.length).toBeLessThan(JSON.stringify(storedEvent(event)).length * (2 / 3));
    });

    it('leaves out the user and the device when the event has none, and keeps a time toISOString would not give', () => {
      const event = {
        ...createEvent(ALL_EVENT_DEFINITIONS[0], { ...context, userId: undefined, deviceObjectId: undefined }),
        timeCreated: '2026-12-03T10:00:00Z',
      };

      const back = parseFiledEvent(numbered(filedEvent(event), 3), context.activityId);

      expect(back).not.toHaveProperty('userId');
      expect(back).not.toHaveProperty('deviceObjectId');
      expect(back.timeCreated).toBe(new Date('2026-12-03T10:00:00Z').toISOString());
    });

    it('reads its record id without parsing the rest; an entry of an older form has none', () => {
      expect(filedEventRecordId(numbered(filedEvent(createEvent(ALL_EVENT_DEFINITIONS[0], context)), 1234))).toBe(1234);
      expect(filedEventRecordId(filed(JSON.stringify(storedEvent(createEvent(ALL_EVENT_DEFINITIONS[0], context))), 5))).toBeNaN();
    });

    it('reads entries of the older forms as parseStoredEvent does', () => {
      const event = createEvent(ALL_EVENT_DEFINITIONS[2], context);
      const whole = { eventRecordId: 5, ...event };

      expect(parseFiledEvent(filed(JSON.stringify(storedEvent(event)), 5), context.activityId)).toStrictEqual(whole);
      expect(parseFiledEvent(JSON.stringify(whole), context.activityId)).toStrictEqual(whole);
    });
  });
});
