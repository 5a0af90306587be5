import { FlowName, StepName } from '../diagnostics/diagnostic-event';
import { ErrorCode } from '../errors/error-code';

export type RequestStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));
const isErrorCode = (value: string): value is ErrorCode => ERROR_CODES.has(value);

/** A code read back from storage as an ErrorCode; one this version does not know reads as INTERNAL_ERROR. */
export function parseErrorCode(stored: string): ErrorCode {
  return isErrorCode(stored) ? stored : ErrorCode.Internal;
}

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  error?: ErrorInfo;
}

/** What GET /v1/requests/{id} is made from. */
export interface RequestRecord {
  id: string;
  flow: FlowName;
  status: RequestStatus;
  owner: string; // the credential that made it, e.g. 'upn:alice@contoso.com'
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  deviceObjectId?: string;
  subject: Record<string, string>; // who and what the request is about (upn, deviceId, deviceName…)
  steps: StepRecord[];
  error?: ErrorInfo;
}

/** The ordered steps of each flow; the worker runs them in this order. */
export const FLOW_STEPS: Record<FlowName, readonly StepName[]> = {
  'workplace-join': ['authenticate', 'issue-certificate', 'register-device'],
  'workplace-leave': ['authenticate', 'revoke-certificate', 'remove-device'],
  'bulk-enrollment': ['authenticate', 'resolve-name', 'issue-certificate', 'join-directory', 'enroll-mdm'],
};
