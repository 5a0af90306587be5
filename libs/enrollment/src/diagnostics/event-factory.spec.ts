import { hostname } from 'node:os';
import { EventDefinition, EventLevel } from './diagnostic-event';
import { FLOW_EVENTS } from './event-catalogue';
import { EventContext, createEvent, renderMessage } from './event-factory';

const JOIN_COMPLETED = FLOW_EVENTS['workplace-join'].completed;
const BULK_CERTIFICATES_STARTED = FLOW_EVENTS['bulk-enrollment'].steps['issue-certificate']!.started;
const NOW = new Date('2026-11-22T04:15:04.123Z');

function context(overrides: Partial<EventContext> = {}): EventContext {
  return {
    activityId: '5b0f9c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f',
    computer: 'LAPTOP-0042',
    userId: 'ada@contoso.com',
    deviceObjectId: 'a3c9e5f1-0000-4000-8000-000000000042',
    data: {},
    now: NOW,
    processId: 4242,
    worker: 'worker-1:4242',
    ...overrides,
  };
}

describe('createEvent', () => {
  const sut = createEvent;

  it('fills every field from the definition and the context', () => {
    const event = sut(JOIN_COMPLETED, context());

    expect(event).toEqual({
      provider: 'Microsoft-Windows-Workplace Join',
      channel: 'Microsoft-Windows-Workplace Join/Admin',
      eventId: 1000,
      symbol: 'WorkplaceJoinCompleted',
      version: 0,
      level: EventLevel.Information,
      task: JOIN_COMPLETED.task,
      opcode: JOIN_COMPLETED.opcode,
      keywords: '0x8000000000000000',
      timeCreated: '2026-11-22T04:15:04.123Z',
      activityId: '5b0f9c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f',
      processId: 4242,
      threadId: 0,
      worker: 'worker-1:4242',
      computer: 'LAPTOP-0042',
      userId: 'ada@contoso.com',
      deviceObjectId: 'a3c9e5f1-0000-4000-8000-000000000042',
      data: {
        UserPrincipalName: 'ada@contoso.com',
        DeviceName: 'LAPTOP-0042',
        DeviceObjectId: 'a3c9e5f1-0000-4000-8000-000000000042',
      },
      message: 'Workplace Join of ada@contoso.com on LAPTOP-0042 completed. Device object a3c9e5f1-0000-4000-8000-000000000042.',
    });
  });

  it('defaults the clock, process id and worker to the running process', () => {
    const before = Date.now();
    const event = sut(JOIN_COMPLETED, context({ now: undefined, processId: undefined, worker: undefined }));

    expect(event.processId).toBe(process.pid);
    expect(event.worker).toBe(`${hostname()}:${process.pid}`);
    expect(event.timeCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(event.timeCreated)).toBeGreaterThanOrEqual(before);
  });

  it('leaves out userId and deviceObjectId when there are none', () => {
    const event = sut(JOIN_COMPLETED, context({ userId: undefined, deviceObjectId: undefined }));

    expect(event).not.toHaveProperty('userId');
    expect(event).not.toHaveProperty('deviceObjectId');
    expect(event.message).toBe('Workplace Join of - on LAPTOP-0042 completed. Device object -.');
  });

  it('stringifies data and drops undefined values', () => {
    const data = { Attempt: 2, MaxAttempts: 5, Permanent: false, ErrorCode: undefined, ErrorMessage: 'timeout' };
    const event = sut(FLOW_EVENTS['workplace-join'].steps['issue-certificate']!.retrying, context({ data }));

    expect(event.data).toEqual({ Attempt: '2', MaxAttempts: '5', Permanent: 'false', ErrorMessage: 'timeout', DeviceName: 'LAPTOP-0042' });
    expect(event.message).toBe(
      'Issuing the device certificate for LAPTOP-0042 failed and will be retried. Attempt: 2 of 5. Error code: -. Error message: timeout',
    );
  });

  it('lets explicit data win over the context for the identity fields', () => {
    const event = sut(JOIN_COMPLETED, context({ data: { DeviceName: 'LAPTOP-0042.contoso.com' } }));

    expect(event.data.DeviceName).toBe('LAPTOP-0042.contoso.com');
    expect(event.computer).toBe('LAPTOP-0042');
  });

  it('only copies identity fields the message uses into the data', () => {
    const event = sut(BULK_CERTIFICATES_STARTED, context());

    expect(event.data).toEqual({ Category: 'Certificates', DeviceName: 'LAPTOP-0042' });
  });

  it('puts the definition data first and keeps it against a conflicting caller value', () => {
    const event = sut(BULK_CERTIFICATES_STARTED, context({ data: { Attempt: 1, Category: 'Spoofed' } }));

    expect(Object.keys(event.data)[0]).toBe('Category');
    expect(event.data.Category).toBe('Certificates');
    expect(event.message).toBe('Configuring category Certificates: issuing the device certificate for LAPTOP-0042.');
  });

  it('keeps data names that clash with Object.prototype as plain data', () => {
    const def: EventDefinition = { ...JOIN_COMPLETED, message: 'Value {toString}.' };
    const event = sut(def, context({ data: { toString: 'x', ['__proto__']: 'y' } }));

    expect(event.message).toBe('Value x.');
    expect(Object.entries(event.data)).toEqual([
      ['toString', 'x'],
      ['__proto__', 'y'],
    ]);
  });
});

describe('renderMessage', () => {
  const sut = renderMessage;

  it.each([
    ['fills placeholders', 'A {One} and {Two}.', { One: '1', Two: '2' }, 'A 1 and 2.'],
    ['shows - for a missing value', 'A {One}.', {}, 'A -.'],
    ['shows - for an empty value', 'A {One}.', { One: '' }, 'A -.'],
    ['does not expand placeholders inside values', 'A {One}.', { One: '{Two}', Two: 'x' }, 'A {Two}.'],
    ['ignores inherited object keys', 'A {constructor}.', {}, 'A -.'],
    ['leaves text that is not a placeholder', 'A { One } {1}.', { One: 'x' }, 'A { One } {1}.'],
  ])('%s', (_case, template, data, expected) => {
    expect(sut(template, data)).toBe(expected);
  });
});
