import { EventDefinition, EventLevel, FlowName, StepName } from './diagnostic-event';
import {
  ALL_EVENT_DEFINITIONS,
  FLOW_EVENTS,
  MDM_COMMAND_EXPIRED,
  MDM_COMMAND_FAILED,
  MDM_COMMAND_SUCCEEDED,
  MDM_DISCOVERY_ANSWERED,
  MDM_ENROLL_SERVER_FAULT,
  MDM_ENROLL_SUCCEEDED,
  MDM_POLICIES_ANSWERED,
  MDM_RENEWED_CERTIFICATE_REVOKED,
  MDM_SESSION_ENDED,
  MDM_SESSION_STARTED,
  MDM_UNENROLLED,
  PROVISIONING_TURN_COMPLETED,
  PROVISIONING_TURN_FAILED,
  PROVISIONING_TURN_STARTED,
  WORKPLACE_JOIN_DISCOVERY_SUCCEEDED,
  WORKPLACE_JOIN_IDENTITY_REJECTED,
  WORKPLACE_JOIN_IDP_UNREACHABLE,
} from './event-catalogue';

const WORKPLACE = { provider: 'Microsoft-Windows-Workplace Join', channel: 'Microsoft-Windows-Workplace Join/Admin' };
const PROVISIONING = {
  provider: 'Microsoft-Windows-Provisioning-Diagnostics-Provider',
  channel: 'Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin',
};

const FLOWS: Array<[FlowName, typeof WORKPLACE, StepName[]]> = [
  ['workplace-join', WORKPLACE, ['authenticate', 'issue-certificate', 'register-device']],
  ['workplace-leave', WORKPLACE, ['authenticate', 'revoke-certificate', 'remove-device']],
  ['bulk-enrollment', PROVISIONING, ['authenticate', 'resolve-name', 'issue-certificate', 'join-directory', 'enroll-mdm']],
];
const FLOW_STEPS = FLOWS.flatMap(([flow, , steps]) => steps.map((step): [FlowName, StepName] => [flow, step]));
const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9]*\}/g;

function definitionsOf(flow: FlowName): EventDefinition[] {
  const { started, completed, failed, steps } = FLOW_EVENTS[flow];
  return [started, completed, failed, ...Object.values(steps).flatMap((step) => Object.values(step))];
}

describe('FLOW_EVENTS', () => {
  const sut = FLOW_EVENTS;

  it.each(FLOWS)('%s lists exactly its steps, in order', (flow, _source, steps) => {
    expect(Object.keys(sut[flow].steps)).toEqual(steps);
  });

  it.each(FLOWS)('%s writes every event to its own provider and channel', (flow, source) => {
    expect(sut[flow]).toMatchObject(source);
    for (const def of definitionsOf(flow)) expect(def).toMatchObject(source);
  });

  it.each(FLOWS)('%s starts and completes as Information and fails as Error', (flow) => {
    const { started, completed, failed } = sut[flow];
    expect([started.level, completed.level, failed.level]).toEqual([EventLevel.Information, EventLevel.Information, EventLevel.Error]);
  });

  it.each(FLOW_STEPS)('%s step %s has all four events at the right levels', (flow, step) => {
    const events = sut[flow].steps[step];

    expect(events && Object.keys(events).sort()).toEqual(['failed', 'retrying', 'started', 'succeeded']);
    expect(events?.started.level).toBe(EventLevel.Information);
    expect(events?.succeeded.level).toBe(EventLevel.Information);
    expect(events?.retrying.level).toBe(EventLevel.Warning);
    expect(events?.failed.level).toBe(EventLevel.Error);
  });

  it('starts both Workplace Join flows with the Windows discovery event 100', () => {
    expect(sut['workplace-join'].started).toBe(WORKPLACE_JOIN_DISCOVERY_SUCCEEDED);
    expect(sut['workplace-leave'].started).toBe(WORKPLACE_JOIN_DISCOVERY_SUCCEEDED);
    expect(WORKPLACE_JOIN_DISCOVERY_SUCCEEDED.id).toBe(100);
  });

  it.each<FlowName>(['workplace-join', 'workplace-leave'])('%s reports authentication setbacks as Windows 102 and 103', (flow) => {
    expect(sut[flow].steps.authenticate?.retrying).toBe(WORKPLACE_JOIN_IDP_UNREACHABLE);
    expect(sut[flow].steps.authenticate?.failed).toBe(WORKPLACE_JOIN_IDENTITY_REJECTED);
    expect([WORKPLACE_JOIN_IDP_UNREACHABLE.id, WORKPLACE_JOIN_IDENTITY_REJECTED.id]).toEqual([102, 103]);
    expect([WORKPLACE_JOIN_IDP_UNREACHABLE.level, WORKPLACE_JOIN_IDENTITY_REJECTED.level]).toEqual([EventLevel.Warning, EventLevel.Error]);
  });

  it('maps bulk enrollment onto the Windows package ids 20/21/22', () => {
    const { started, completed, failed } = sut['bulk-enrollment'];
    expect([started.id, completed.id, failed.id]).toEqual([20, 21, 22]);
  });

  it('maps every bulk step onto the Windows category ids 10/11/12, each with its own Category', () => {
    const steps = Object.values(sut['bulk-enrollment'].steps);

    for (const step of steps) expect([step.started.id, step.succeeded.id, step.failed.id]).toEqual([10, 11, 12]);
    for (const step of steps) {
      const categories = Object.values(step).map((def) => def.data?.Category);
      expect(new Set(categories).size).toBe(1);
      expect(categories[0]).toEqual(expect.any(String));
    }
    expect(new Set(steps.map((step) => step.started.data?.Category)).size).toBe(steps.length);
  });

  // A job's log in Bull Board is these messages: a failure read there must say which code it was.
  it.each(FLOWS)('%s names the error code in the message of every failure and retry', (flow) => {
    const { failed, steps } = sut[flow];
    const setbacks = [failed, ...Object.values(steps).flatMap((step) => [step.retrying, step.failed])];
    if (flow === 'bulk-enrollment') setbacks.push(PROVISIONING_TURN_FAILED);

    for (const def of setbacks) expect([def.symbol, def.message]).toEqual([def.symbol, expect.stringContaining('{ErrorCode}')]);
  });

  it('exports the Windows provisioning turn events 30/31/32', () => {
    const turn = [PROVISIONING_TURN_STARTED, PROVISIONING_TURN_COMPLETED, PROVISIONING_TURN_FAILED];
    expect(turn.map((def) => def.id)).toEqual([30, 31, 32]);
    for (const def of turn) expect(def).toMatchObject(PROVISIONING);
  });
});

const MANAGEMENT = [
  MDM_SESSION_STARTED,
  MDM_SESSION_ENDED,
  MDM_COMMAND_FAILED,
  MDM_COMMAND_SUCCEEDED,
  MDM_COMMAND_EXPIRED,
  MDM_UNENROLLED,
  MDM_RENEWED_CERTIFICATE_REVOKED,
];

describe('management events', () => {
  it("use Windows' own 208, 209 and 404 for session start, session end and command failure", () => {
    expect([MDM_SESSION_STARTED, MDM_SESSION_ENDED, MDM_COMMAND_FAILED].map((def) => [def.id, def.message.split(':')[0]])).toEqual([
      [208, 'MDM Session'],
      [209, 'MDM Session'],
      [404, 'MDM ConfigurationManager'],
    ]);
  });

  it.each(MANAGEMENT.map((def) => [def.symbol, def] as const))('%s goes to the device management channel', (_symbol, def) => {
    expect(def.channel).toBe('Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin');
  });

  // A command's data may be a secret (a Wi-Fi key, a policy value): its events name verb, LocURI and status only.
  it.each([MDM_COMMAND_FAILED, MDM_COMMAND_SUCCEEDED, MDM_COMMAND_EXPIRED].map((def) => [def.symbol, def] as const))(
    '%s names the command, never its data',
    (_symbol, def) => {
      expect(def.message).toEqual(expect.stringContaining('{CommandType}'));
      expect(def.message).toEqual(expect.stringContaining('{CspUri}'));
      expect(def.message).not.toMatch(/\{Data\}/);
    },
  );
});

describe('ALL_EVENT_DEFINITIONS', () => {
  const sut = ALL_EVENT_DEFINITIONS;

  it('holds every definition of every flow and the named exports, each once', () => {
    const reachable = [
      ...(Object.keys(FLOW_EVENTS) as FlowName[]).flatMap(definitionsOf),
      PROVISIONING_TURN_STARTED,
      PROVISIONING_TURN_COMPLETED,
      PROVISIONING_TURN_FAILED,
      MDM_ENROLL_SUCCEEDED,
      MDM_ENROLL_SERVER_FAULT,
      MDM_DISCOVERY_ANSWERED,
      MDM_POLICIES_ANSWERED,
      ...MANAGEMENT,
    ];

    expect(new Set(sut)).toEqual(new Set(reachable));
    expect(new Set(sut.map((def) => def.symbol)).size).toBe(sut.length);
  });

  it('keeps ids unique per channel, except the bulk category ids 10/11/12 shared by the five bulk steps', () => {
    const byChannelAndId = new Map<string, EventDefinition[]>();
    for (const def of sut) {
      const key = `${def.channel}|${def.id}`;
      byChannelAndId.set(key, [...(byChannelAndId.get(key) ?? []), def]);
    }
    const shared = [...byChannelAndId].filter(([, defs]) => defs.length > 1);

    expect(shared.map(([key, defs]) => [key, defs.length])).toEqual([
      [`${PROVISIONING.channel}|10`, 5],
      [`${PROVISIONING.channel}|11`, 5],
      [`${PROVISIONING.channel}|12`, 5],
    ]);
  });

  it.each(sut.map((def) => [def.symbol, def] as const))('%s is a complete definition', (_symbol, def) => {
    expect(def.keywords).toMatch(/^0x[0-9a-f]{16}$/i);
    expect(def.taskName).not.toBe('');
    expect(def.opcodeName).not.toBe('');
    expect(def.symbol).toMatch(/^[A-Z][A-Za-z]+$/);
    // Anything brace-like that is not a well-formed placeholder would be printed literally.
    expect(def.message.replace(PLACEHOLDER, '')).not.toMatch(/[{}]/);
  });
});
