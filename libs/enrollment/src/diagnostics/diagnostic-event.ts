/** Windows event levels, as Event Viewer shows them. */
export enum EventLevel {
  Critical = 1,
  Error = 2,
  Warning = 3,
  Information = 4,
  Verbose = 5,
}

export type EventChannel =
  | 'Microsoft-Windows-Workplace Join/Admin'
  | 'Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin'
  | 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin';

/** The flows whose steps emit events. Names are stored data: never rename casually. */
export type FlowName = 'workplace-join' | 'workplace-leave' | 'bulk-enrollment';

export type StepName =
  'authenticate' | 'issue-certificate' | 'register-device' | 'revoke-certificate' | 'remove-device' | 'resolve-name' | 'join-directory' | 'enroll-mdm';

/** One entry of the event catalogue: what Event Viewer would show for this id, before data is filled in. */
export interface EventDefinition {
  readonly id: number;
  readonly symbol: string; // e.g. 'WorkplaceJoinCompleted'
  readonly provider: string; // e.g. 'Microsoft-Windows-Workplace Join'
  readonly channel: EventChannel;
  readonly level: EventLevel;
  readonly task: number;
  readonly taskName: string;
  readonly opcode: number;
  readonly opcodeName: string;
  readonly keywords: string; // hex, e.g. '0x8000000000000000'
  /** Message template; `{Name}` placeholders are filled from the event data. */
  readonly message: string;
  /** EventData every event of this definition carries; Windows tells its shared ids 10/11/12 apart only by `Category`. */
  readonly data?: Readonly<Record<string, string>>;
}

/** A diagnostics event as stored, returned as JSON and rendered as Windows Event XML. */
export interface DiagnosticEvent {
  provider: string;
  channel: EventChannel;
  eventId: number;
  symbol: string;
  version: number;
  level: EventLevel;
  task: number;
  opcode: number;
  keywords: string;
  timeCreated: string; // ISO 8601, UTC
  eventRecordId: number; // assigned by the event store, increasing
  activityId: string; // Correlation ActivityID: the request id
  processId: number;
  threadId: number;
  worker: string; // host:pid of the emitting process
  computer: string; // device name
  userId?: string; // Security UserID: the user's UPN, when there is one
  deviceObjectId?: string; // directory object the event belongs to
  data: Record<string, string>; // EventData name/value pairs
  message: string; // rendered message
}
