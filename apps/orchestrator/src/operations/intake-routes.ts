import type { Request } from 'express';
import { FlowName } from '@app/enrollment';

// The device endpoints, as Express matches them (case-insensitive, an optional trailing slash).
const INTAKE_ROUTES: Array<{ method: string; path: RegExp; flow: (request: Request) => FlowName | 'unknown' }> = [
  { method: 'POST', path: /^\/v1\/workplace-joins\/?$/i, flow: () => 'workplace-join' },
  { method: 'DELETE', path: /^\/v1\/workplace-joins\/[^/]+\/?$/i, flow: () => 'workplace-leave' },
  { method: 'POST', path: /^\/v1\/bulk-enrollments\/?$/i, flow: () => 'bulk-enrollment' },
  { method: 'POST', path: /^\/v1\/hooks\/sccm\/?$/i, flow: (request) => hookFlow(request.body) },
  { method: 'POST', path: /^\/EnrollmentServer\/device\/?$/i, flow: () => 'workplace-join' },
  { method: 'DELETE', path: /^\/EnrollmentServer\/device\/[^/]+\/?$/i, flow: () => 'workplace-leave' },
];

const HOOK_ACTIONS: Record<string, FlowName> = {
  'workplace-join': 'workplace-join',
  leave: 'workplace-leave',
  'bulk-enroll': 'bulk-enrollment',
};

/**
 * The flow a request to a device endpoint asks for, or undefined for any other endpoint. A hook names
 * its flow in its body's action; one whose body could not be read, or names no known action, is `unknown`.
 */
export function intakeFlowOf(request: Request): FlowName | 'unknown' | undefined {
  return INTAKE_ROUTES.find((route) => route.method === request.method && route.path.test(request.path))?.flow(request);
}

function hookFlow(body: unknown): FlowName | 'unknown' {
  const action = (body as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' && Object.hasOwn(HOOK_ACTIONS, action) ? HOOK_ACTIONS[action] : 'unknown';
}
