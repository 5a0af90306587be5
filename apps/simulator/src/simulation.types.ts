import type { FlowName } from '@app/enrollment/diagnostics/diagnostic-event';
import type { ManagedWindowsDevice, ManagementReport } from './mde2/management-phase';

/** What the device simulator runs: Windows 7 PCs whose users log on, and Windows 10 devices enrolling in bulk. */
export interface SimulationPlan {
  /** Orchestrator base URLs (e.g. http://127.0.0.1:3000); requests are spread over them round-robin. */
  baseUrls: string[];
  /** An admin key of the orchestrator (bulk token and package creation, request read-back). */
  adminKey: string;
  /** Windows 7 domain-joined PCs, and the users logging on at each: one Workplace Join per user@PC. */
  pcs: number;
  usersPerPc: number;
  /** Share (0 to 1) of the joined user@PCs that leave once joined (AutoWorkplace.exe /leave). */
  leaveRatio: number;
  /** Windows 10 devices applying one provisioning package (bulk enrollment), each with its own serial. */
  bulkDevices: number;
  /**
   * How the bulk devices enroll: `json` (default) POSTs /v1/bulk-enrollments and waits for the terminal
   * event; `mde2` does what Windows does (Discovery, GetPolicies, RequestSecurityToken over SOAP) and is
   * done when the provisioning document it gets back checks out.
   */
  bulkProtocol?: BulkProtocol;
  /**
   * How the Windows 7 PCs' users join and leave: `json` (default) POSTs /v1/workplace-joins and waits for
   * the terminal event; `dvrj` does what Windows' registration client does (MS-DVRD discovery, then the
   * MS-DVRJ register, and delete for a leave) and is done when the answer checks out.
   */
  workplaceProtocol?: WorkplaceProtocol;
  /** Requests sent per second; undefined sends as fast as `concurrency` allows. */
  ratePerSecond?: number;
  /** Most requests in flight at once (sent, completion not seen yet). Default 64. */
  concurrency?: number;
  /** Device keys made before the run and shared by the devices, so key generation is not measured. Default 16. */
  keyPoolSize?: number;
  /** How long one request may take from POST to completion before it counts as failed. Default 120000. */
  timeoutMs?: number;
  /** DNS domain of the simulated users and PCs. Default contoso.com. */
  domain?: string;
  /**
   * With `bulkProtocol` mde2: once every device has enrolled, each one opens this many OMA-DM management
   * sessions to the ADDR of its provisioning document, as Windows does (default 0); `report.management` says how they went.
   */
  managementSessions?: number;
  /** With `bulkProtocol` mde2: the devices that enrolled, with what they need to be managed later (the benchmark keeps them). */
  onManagedDevices?: (devices: ManagedWindowsDevice[]) => void;
  /** Called about four times a second while the run goes on. */
  onProgress?: (progress: SimulationProgress) => void;
}

export type BulkProtocol = 'json' | 'mde2';
export const BULK_PROTOCOLS: readonly BulkProtocol[] = ['json', 'mde2'];

export type WorkplaceProtocol = 'json' | 'dvrj';
export const WORKPLACE_PROTOCOLS: readonly WorkplaceProtocol[] = ['json', 'dvrj'];

export interface SimulationProgress {
  total: number;
  sent: number;
  completed: number;
  failed: number;
  elapsedMs: number;
}

export type SimulatedFlow = FlowName;

/** Every flow, in the order reports list them. */
export const SIMULATED_FLOWS: readonly SimulatedFlow[] = ['workplace-join', 'workplace-leave', 'bulk-enrollment'];

/** Milliseconds, over the requests that completed. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface SimulationReport {
  total: number;
  completed: number;
  failed: number;
  byFlow: Record<SimulatedFlow, { completed: number; failed: number }>;
  /** The first failures (at most 20), to say what went wrong. */
  failures: Array<{ flow: SimulatedFlow; requestId?: string; status?: number; code: string; message: string }>;
  /** POST sent → completion seen, per request. */
  latencyMs: LatencySummary;
  /** First POST sent → last completion seen. */
  durationMs: number;
  /** Completed requests per second over `durationMs`. */
  throughputPerSecond: number;
  /** One completed request and its device, for pointing a person at its events. */
  sample?: { flow: SimulatedFlow; requestId: string; deviceObjectId: string };
  /** Answers 429 (rate limited), each sent again after its Retry-After. */
  rateLimited?: number;
  /** Requests whose terminal event did not come within `timeoutMs`, read back once with GET /v1/requests/{id}. */
  checkedAfterTimeout?: number;
  /** How often the completion stream had to be opened again (with Last-Event-ID, so no event was lost). */
  streamReconnects?: number;
  /**
   * With `ratePerSecond`: the send rate achieved (first to last send), and how many sends found the
   * concurrency cap full at their slot and waited for a completion, which holds the rate back.
   */
  pacing?: { targetPerSecond: number; achievedPerSecond: number; heldBackByConcurrency: number };
  /** With `managementSessions`: the sessions the enrolled MS-MDE2 devices opened afterwards. */
  management?: ManagementReport;
}
