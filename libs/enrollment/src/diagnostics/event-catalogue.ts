import { EventChannel, EventDefinition, EventLevel, FlowName, StepName } from './diagnostic-event';

/** The four events every step of a flow can emit. */
export interface StepEvents {
  started: EventDefinition;
  succeeded: EventDefinition;
  retrying: EventDefinition;
  failed: EventDefinition;
}

/** Where a flow's events go and which definition marks each moment of the flow. */
export interface FlowEvents {
  provider: string;
  channel: EventChannel;
  started: EventDefinition;
  completed: EventDefinition;
  failed: EventDefinition;
  steps: Partial<Record<StepName, StepEvents>>;
  /** Per attempt (job run) of the flow, where the channel has such events. */
  turn?: { started: EventDefinition; completed: EventDefinition; failed: EventDefinition };
}

interface Source {
  provider: string;
  channel: EventChannel;
}

type Task = readonly [number, string];
type Opcode = readonly [number, string];

/** One catalogue entry as written below; `define` adds what every entry of a source shares. */
interface Entry {
  id: number;
  symbol: string;
  level: EventLevel;
  task: Task;
  opcode: Opcode;
  message: string;
  data?: Record<string, string>;
}

const WORKPLACE: Source = {
  provider: 'Microsoft-Windows-Workplace Join',
  channel: 'Microsoft-Windows-Workplace Join/Admin',
};
const PROVISIONING: Source = {
  provider: 'Microsoft-Windows-Provisioning-Diagnostics-Provider',
  channel: 'Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin',
};
const DEVICE_MANAGEMENT: Source = {
  provider: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider',
  channel: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
};

// Windows sets this bit on every event of an Admin channel; filters written for real logs rely on it.
const ADMIN_KEYWORDS = '0x8000000000000000';

// The standard Windows opcodes (winmeta.xml), so Event Viewer's Opcode column reads as usual.
const INFO: Opcode = [0, 'Info'];
const START: Opcode = [1, 'Start'];
const STOP: Opcode = [2, 'Stop'];

const NO_TASK: Task = [0, 'None'];
const WORKPLACE_JOIN_TASK: Task = [1, 'Workplace Join'];
const WORKPLACE_LEAVE_TASK: Task = [2, 'Workplace Leave'];
const BULK_ENROLLMENT_TASK: Task = [3, 'Bulk Enrollment'];
const MDM_ENROLLMENT_TASK: Task = [4, 'MDM Enrollment'];
const MDM_SESSION_TASK: Task = [5, 'MDM Session'];
const MDM_UNENROLLMENT_TASK: Task = [6, 'MDM Unenrollment'];
const MDM_CERTIFICATE_RENEWAL_TASK: Task = [7, 'MDM Certificate Renewal'];

// Step n owns task 10+n and, where it has its own ids, the block 1000+10n .. 1000+10n+3.
const STEP_NUMBERS: Record<StepName, number> = {
  authenticate: 1,
  'issue-certificate': 2,
  'register-device': 3,
  'revoke-certificate': 4,
  'remove-device': 5,
  'resolve-name': 6,
  'join-directory': 7,
  'enroll-mdm': 8,
};
const STEP_TASK_NAMES: Record<StepName, string> = {
  authenticate: 'Authenticate',
  'issue-certificate': 'Issue Certificate',
  'register-device': 'Register Device',
  'revoke-certificate': 'Revoke Certificate',
  'remove-device': 'Remove Device',
  'resolve-name': 'Resolve Name',
  'join-directory': 'Join Directory',
  'enroll-mdm': 'Enroll MDM',
};

const ERROR_DETAIL = 'Error code: {ErrorCode}. Error message: {ErrorMessage}';
const RETRY_DETAIL = `Attempt: {Attempt} of {MaxAttempts}. ${ERROR_DETAIL}`;
const FLOW_ERROR_DETAIL = `Failed step: {Step}. ${ERROR_DETAIL}`;

function define(source: Source, { task, opcode, data, ...entry }: Entry): EventDefinition {
  return Object.freeze({
    ...source,
    ...entry,
    task: task[0],
    taskName: task[1],
    opcode: opcode[0],
    opcodeName: opcode[1],
    keywords: ADMIN_KEYWORDS,
    ...(data && { data: Object.freeze({ ...data }) }),
  });
}

const stepTask = (step: StepName): Task => [10 + STEP_NUMBERS[step], STEP_TASK_NAMES[step]];
const stepBlock = (step: StepName): number => 1000 + 10 * STEP_NUMBERS[step];
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A Workplace Join step in its own id block; `setbacks` swaps in Windows' own ids where they exist. */
function workplaceStep(step: StepName, stem: string, doing: string, done: string, setbacks?: Pick<StepEvents, 'retrying' | 'failed'>): StepEvents {
  const [id, task, action] = [stepBlock(step), stepTask(step), capitalise(doing)];
  const entry = (offset: number, outcome: string, level: EventLevel, opcode: Opcode, message: string): EventDefinition =>
    define(WORKPLACE, { id: id + offset, symbol: `${stem}${outcome}`, level, task, opcode, message });
  return {
    started: entry(0, 'Started', EventLevel.Information, START, `${action}.`),
    succeeded: entry(1, 'Succeeded', EventLevel.Information, STOP, `${capitalise(done)}.`),
    retrying: setbacks?.retrying ?? entry(2, 'Retrying', EventLevel.Warning, INFO, `${action} failed and will be retried. ${RETRY_DETAIL}`),
    failed: setbacks?.failed ?? entry(3, 'Failed', EventLevel.Error, STOP, `${action} failed. ${ERROR_DETAIL}`),
  };
}

/** A bulk step as a provisioning category: Windows' shared ids 10/11/12, told apart by `Category`, plus its own retry id. */
function bulkStep(step: StepName, stem: string, category: string, doing: string, done: string): StepEvents {
  const task = stepTask(step);
  const entry = (id: number, outcome: string, level: EventLevel, opcode: Opcode, message: string): EventDefinition =>
    define(PROVISIONING, { id, symbol: `${stem}${outcome}`, level, task, opcode, message, data: { Category: category } });
  return {
    started: entry(10, 'Started', EventLevel.Information, START, `Configuring category {Category}: ${doing}.`),
    succeeded: entry(11, 'Succeeded', EventLevel.Information, STOP, `Category {Category} configured: ${done}.`),
    retrying: entry(stepBlock(step) + 2, 'Retrying', EventLevel.Warning, INFO, `Category {Category} failed and will be retried: ${doing}. ${RETRY_DETAIL}`),
    failed: entry(12, 'Failed', EventLevel.Error, STOP, `Category {Category} failed: ${doing}. ${ERROR_DETAIL}`),
  };
}

/** 100: a worker took a Workplace Join or leave request; Windows logs it once the registration service is discovered. */
export const WORKPLACE_JOIN_DISCOVERY_SUCCEEDED = define(WORKPLACE, {
  id: 100,
  symbol: 'WorkplaceJoinDiscoverySucceeded',
  level: EventLevel.Information,
  task: NO_TASK,
  opcode: INFO,
  message: 'Workplace Join discovery succeeded. The device registration service accepted the request of {UserPrincipalName} on {DeviceName}.',
});

/** 102: the identity provider did not answer; the authenticate step will be retried. */
export const WORKPLACE_JOIN_IDP_UNREACHABLE = define(WORKPLACE, {
  id: 102,
  symbol: 'WorkplaceJoinIdpUnreachable',
  level: EventLevel.Warning,
  task: stepTask('authenticate'),
  opcode: INFO,
  message: `The identity provider could not be reached to verify {UserPrincipalName}. The request will be retried. ${RETRY_DETAIL}`,
});

/** 103: the identity provider answered and refused the user; the request fails. */
export const WORKPLACE_JOIN_IDENTITY_REJECTED = define(WORKPLACE, {
  id: 103,
  symbol: 'WorkplaceJoinIdentityRejected',
  level: EventLevel.Error,
  task: stepTask('authenticate'),
  opcode: STOP,
  message: `The identity of {UserPrincipalName} could not be verified. ${ERROR_DETAIL}`,
});

/** 30: one attempt (one job run) at a bulk enrollment package started; a retried package has several turns. */
export const PROVISIONING_TURN_STARTED = define(PROVISIONING, {
  id: 30,
  symbol: 'ProvisioningTurnStarted',
  level: EventLevel.Information,
  task: BULK_ENROLLMENT_TASK,
  opcode: START,
  message: 'Provisioning turn {Attempt} of {MaxAttempts} started on {DeviceName}.',
});

/** 31: the attempt ran every step. */
export const PROVISIONING_TURN_COMPLETED = define(PROVISIONING, {
  id: 31,
  symbol: 'ProvisioningTurnCompleted',
  level: EventLevel.Information,
  task: BULK_ENROLLMENT_TASK,
  opcode: STOP,
  message: 'Provisioning turn {Attempt} completed on {DeviceName}.',
});

/** 32: the attempt stopped at a step; Warning because the package outcome (21 or 22) is what decides. */
export const PROVISIONING_TURN_FAILED = define(PROVISIONING, {
  id: 32,
  symbol: 'ProvisioningTurnFailed',
  level: EventLevel.Warning,
  task: BULK_ENROLLMENT_TASK,
  opcode: STOP,
  message: `Provisioning turn {Attempt} failed on {DeviceName}. ${FLOW_ERROR_DETAIL}`,
});

// Join and leave both start by verifying the user, so they share one set of definitions.
const WORKPLACE_AUTHENTICATE = workplaceStep(
  'authenticate',
  'IdentityVerification',
  'verifying the identity of {UserPrincipalName}',
  'the identity of {UserPrincipalName} was verified',
  { retrying: WORKPLACE_JOIN_IDP_UNREACHABLE, failed: WORKPLACE_JOIN_IDENTITY_REJECTED },
);

/** The whole catalogue, per flow. */
export const FLOW_EVENTS: Record<FlowName, FlowEvents> = {
  'workplace-join': {
    ...WORKPLACE,
    started: WORKPLACE_JOIN_DISCOVERY_SUCCEEDED,
    completed: define(WORKPLACE, {
      id: 1000,
      symbol: 'WorkplaceJoinCompleted',
      level: EventLevel.Information,
      task: WORKPLACE_JOIN_TASK,
      opcode: STOP,
      message: 'Workplace Join of {UserPrincipalName} on {DeviceName} completed. Device object {DeviceObjectId}.',
    }),
    failed: define(WORKPLACE, {
      id: 1001,
      symbol: 'WorkplaceJoinFailed',
      level: EventLevel.Error,
      task: WORKPLACE_JOIN_TASK,
      opcode: STOP,
      message: `Workplace Join of {UserPrincipalName} on {DeviceName} failed. ${FLOW_ERROR_DETAIL}`,
    }),
    steps: {
      authenticate: WORKPLACE_AUTHENTICATE,
      'issue-certificate': workplaceStep(
        'issue-certificate',
        'CertificateIssuance',
        'issuing the device certificate for {DeviceName}',
        'the device certificate for {DeviceName} was issued',
      ),
      'register-device': workplaceStep(
        'register-device',
        'DeviceRegistration',
        'registering {DeviceName} in the directory',
        '{DeviceName} was registered in the directory as device object {DeviceObjectId}',
      ),
    },
  },
  'workplace-leave': {
    ...WORKPLACE,
    started: WORKPLACE_JOIN_DISCOVERY_SUCCEEDED,
    completed: define(WORKPLACE, {
      id: 1002,
      symbol: 'WorkplaceLeaveCompleted',
      level: EventLevel.Information,
      task: WORKPLACE_LEAVE_TASK,
      opcode: STOP,
      message: '{DeviceName} of {UserPrincipalName} left the workplace. Device object {DeviceObjectId} was removed.',
    }),
    failed: define(WORKPLACE, {
      id: 1003,
      symbol: 'WorkplaceLeaveFailed',
      level: EventLevel.Error,
      task: WORKPLACE_LEAVE_TASK,
      opcode: STOP,
      message: `{DeviceName} of {UserPrincipalName} could not leave the workplace. ${FLOW_ERROR_DETAIL}`,
    }),
    steps: {
      authenticate: WORKPLACE_AUTHENTICATE,
      'revoke-certificate': workplaceStep(
        'revoke-certificate',
        'CertificateRevocation',
        'revoking the device certificate of {DeviceName}',
        'the device certificate of {DeviceName} was revoked',
      ),
      'remove-device': workplaceStep(
        'remove-device',
        'DeviceRemoval',
        'removing device object {DeviceObjectId} from the directory',
        'device object {DeviceObjectId} was removed from the directory',
      ),
    },
  },
  'bulk-enrollment': {
    ...PROVISIONING,
    started: define(PROVISIONING, {
      id: 20,
      symbol: 'BulkEnrollmentPackageApplying',
      level: EventLevel.Information,
      task: BULK_ENROLLMENT_TASK,
      opcode: START,
      message: 'Applying the bulk enrollment provisioning package on {DeviceName}.',
    }),
    completed: define(PROVISIONING, {
      id: 21,
      symbol: 'BulkEnrollmentPackageApplied',
      level: EventLevel.Information,
      task: BULK_ENROLLMENT_TASK,
      opcode: STOP,
      message: 'The bulk enrollment provisioning package was applied on {DeviceName}. Device object {DeviceObjectId}.',
    }),
    failed: define(PROVISIONING, {
      id: 22,
      symbol: 'BulkEnrollmentPackageFailed',
      level: EventLevel.Error,
      task: BULK_ENROLLMENT_TASK,
      opcode: STOP,
      message: `The bulk enrollment provisioning package could not be applied on {DeviceName}. ${FLOW_ERROR_DETAIL}`,
    }),
    turn: { started: PROVISIONING_TURN_STARTED, completed: PROVISIONING_TURN_COMPLETED, failed: PROVISIONING_TURN_FAILED },
    steps: {
      authenticate: bulkStep(
        'authenticate',
        'BulkTokenVerification',
        'Accounts/Azure',
        'verifying the bulk enrollment token',
        'the bulk enrollment token was verified',
      ),
      'resolve-name': bulkStep('resolve-name', 'BulkNameResolution', 'ComputerName', 'resolving the computer name', 'the computer name is {DeviceName}'),
      'issue-certificate': bulkStep(
        'issue-certificate',
        'BulkCertificateIssuance',
        'Certificates',
        'issuing the device certificate for {DeviceName}',
        'the device certificate for {DeviceName} was issued',
      ),
      'join-directory': bulkStep(
        'join-directory',
        'BulkDirectoryJoin',
        'Accounts/ComputerAccount',
        'joining {DeviceName} to the directory',
        '{DeviceName} joined the directory as device object {DeviceObjectId}',
      ),
      'enroll-mdm': bulkStep(
        'enroll-mdm',
        'BulkMdmEnrollment',
        'Workplace/Enrollments',
        'enrolling {DeviceName} in mobile device management',
        '{DeviceName} was enrolled in mobile device management',
      ),
    },
  },
};

/** 72: Windows' own "MDM Enroll: Succeeded", written when the enrollment service hands the device its provisioning document. */
export const MDM_ENROLL_SUCCEEDED = define(DEVICE_MANAGEMENT, {
  id: 72,
  symbol: 'MdmEnrollSucceeded',
  level: EventLevel.Information,
  task: MDM_ENROLLMENT_TASK,
  opcode: STOP,
  message: 'MDM Enroll: Succeeded. {DeviceName} (MDM DeviceID {MdmDeviceId}, enrollment type {EnrollmentType}) is device object {DeviceObjectId}.',
});

/** 52: Windows' own line for a SOAP fault of the enrollment server, with the fault's subcode and reason. */
export const MDM_ENROLL_SERVER_FAULT = define(DEVICE_MANAGEMENT, {
  id: 52,
  symbol: 'MdmEnrollServerFault',
  level: EventLevel.Error,
  task: MDM_ENROLLMENT_TASK,
  opcode: INFO,
  message: 'MDM Enroll: Server Returned Fault/Code/Subcode/Value=({Fault}) Fault/Reason/Text=({Reason}). Endpoint: {Endpoint}.',
});

/** 1100: the discovery service told a device where to enroll. */
export const MDM_DISCOVERY_ANSWERED = define(DEVICE_MANAGEMENT, {
  id: 1100,
  symbol: 'MdmDiscoveryAnswered',
  level: EventLevel.Information,
  task: MDM_ENROLLMENT_TASK,
  opcode: INFO,
  message: 'MDM Enroll: discovery for {EmailAddress} answered with authentication policy {AuthPolicy}, enrollment version {EnrollmentVersion}.',
});

/** 1101: the enrollment policy service sent its certificate policy to an authenticated account. */
export const MDM_POLICIES_ANSWERED = define(DEVICE_MANAGEMENT, {
  id: 1101,
  symbol: 'MdmPoliciesAnswered',
  level: EventLevel.Information,
  task: MDM_ENROLLMENT_TASK,
  opcode: INFO,
  message: 'MDM Enroll: certificate enrollment policy sent to {UserName}: RSA keys of {MinimalKeyLength} bits or more, SHA-256.',
});

const MDM_ENROLLMENT_EVENTS = [MDM_ENROLL_SUCCEEDED, MDM_ENROLL_SERVER_FAULT, MDM_DISCOVERY_ANSWERED, MDM_POLICIES_ANSWERED];

// A command's events name its verb, LocURI and Windows' status code, never its data (a policy value may be a secret).
const COMMAND_DETAIL = 'Command Type: ({CommandType}), CSP URI: ({CspUri})';

/** 208: Windows' own "MDM Session: OMA-DM session started", written for the message that opens a session (Alert 1201 or 1200). */
export const MDM_SESSION_STARTED = define(DEVICE_MANAGEMENT, {
  id: 208,
  symbol: 'MdmSessionStarted',
  level: EventLevel.Information,
  task: MDM_SESSION_TASK,
  opcode: START,
  message: 'MDM Session: OMA-DM session started for MDM DeviceID ({MdmDeviceId}) on {DeviceName}, SessionID: ({SessionId}).',
});

/** 209: Windows' own "MDM Session: OMA-DM session ended with status", when nothing was left to say or the device aborted (Alert 1223). */
export const MDM_SESSION_ENDED = define(DEVICE_MANAGEMENT, {
  id: 209,
  symbol: 'MdmSessionEnded',
  level: EventLevel.Information,
  task: MDM_SESSION_TASK,
  opcode: STOP,
  message: 'MDM Session: OMA-DM session ended with status: ({SessionStatus}). SessionID: ({SessionId}).',
});

/** 404: Windows' own "MDM ConfigurationManager: Command failure status", for a command the device answered with a status other than 2xx. */
export const MDM_COMMAND_FAILED = define(DEVICE_MANAGEMENT, {
  id: 404,
  symbol: 'MdmCommandFailed',
  level: EventLevel.Error,
  task: MDM_SESSION_TASK,
  opcode: INFO,
  message: `MDM ConfigurationManager: Command failure status. ${COMMAND_DETAIL}, Result: ({StatusCode}). Command {CommandId}.`,
});

/** 1200: a command the device answered with a 2xx status (Windows logs no success line of its own for every command). */
export const MDM_COMMAND_SUCCEEDED = define(DEVICE_MANAGEMENT, {
  id: 1200,
  symbol: 'MdmCommandSucceeded',
  level: EventLevel.Information,
  task: MDM_SESSION_TASK,
  opcode: INFO,
  message: `MDM ConfigurationManager: Command succeeded. ${COMMAND_DETAIL}, Result: ({StatusCode}). Command {CommandId}.`,
});

/** 1201: a command that was not answered within its time to live; it will not be sent again. */
export const MDM_COMMAND_EXPIRED = define(DEVICE_MANAGEMENT, {
  id: 1201,
  symbol: 'MdmCommandExpired',
  level: EventLevel.Warning,
  task: MDM_SESSION_TASK,
  opcode: INFO,
  message: `MDM ConfigurationManager: Command expired before the device answered it. ${COMMAND_DETAIL}. Command {CommandId}.`,
});

/** 1210: the device left management: unenrolled, its certificate revoked, its device object removed. */
export const MDM_UNENROLLED = define(DEVICE_MANAGEMENT, {
  id: 1210,
  symbol: 'MdmUnenrolled',
  level: EventLevel.Information,
  task: MDM_UNENROLLMENT_TASK,
  opcode: STOP,
  message:
    'MDM Unenroll: {DeviceName} (device object {DeviceObjectId}) was unenrolled. Reason: ({Reason}). Certificate {SerialNumber} was revoked and the device object removed.',
});

/** 1220: the certificate a renewal replaced was revoked once its grace period was over. */
export const MDM_RENEWED_CERTIFICATE_REVOKED = define(DEVICE_MANAGEMENT, {
  id: 1220,
  symbol: 'MdmRenewedCertificateRevoked',
  level: EventLevel.Information,
  task: MDM_CERTIFICATE_RENEWAL_TASK,
  opcode: INFO,
  message: 'MDM Certificate Renewal: certificate {SerialNumber} of {DeviceName}, replaced by a renewal at {RenewedAt}, was revoked.',
});

const MDM_MANAGEMENT_EVENTS = [
  MDM_SESSION_STARTED,
  MDM_SESSION_ENDED,
  MDM_COMMAND_FAILED,
  MDM_COMMAND_SUCCEEDED,
  MDM_COMMAND_EXPIRED,
  MDM_UNENROLLED,
  MDM_RENEWED_CERTIFICATE_REVOKED,
];

const CHANNEL_ORDER: readonly EventChannel[] = [WORKPLACE.channel, PROVISIONING.channel, DEVICE_MANAGEMENT.channel];

function collectDefinitions(): readonly EventDefinition[] {
  const all = Object.values(FLOW_EVENTS).flatMap((flow) => [
    flow.started,
    flow.completed,
    flow.failed,
    ...Object.values(flow.steps).flatMap((step) => [step.started, step.succeeded, step.retrying, step.failed]),
  ]);
  all.push(PROVISIONING_TURN_STARTED, PROVISIONING_TURN_COMPLETED, PROVISIONING_TURN_FAILED, ...MDM_ENROLLMENT_EVENTS, ...MDM_MANAGEMENT_EVENTS);
  // Bulk steps share ids 10/11/12, so only the symbol tells two definitions apart.
  const unique = new Map(all.map((def) => [`${def.channel}|${def.id}|${def.symbol}`, def]));
  const order = (def: EventDefinition): number => CHANNEL_ORDER.indexOf(def.channel);
  // The sort is stable, so definitions sharing an id stay in step order.
  return Object.freeze([...unique.values()].sort((a, b) => order(a) - order(b) || a.id - b.id));
}

/** Every definition once, by channel then id: the list docs/events.md must cover. */
export const ALL_EVENT_DEFINITIONS: readonly EventDefinition[] = collectDefinitions();

const BY_SYMBOL = new Map(ALL_EVENT_DEFINITIONS.map((def) => [def.symbol, def]));

/** The definition an event was made from, found by its symbol (unique, where ids 10/11/12 are shared). */
export function definitionOf(symbol: string): EventDefinition | undefined {
  return BY_SYMBOL.get(symbol);
}
