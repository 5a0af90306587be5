import { randomBytes, randomUUID } from 'node:crypto';
import type { SimulatedFlow } from './simulation.types';

/** A Windows 7 domain-joined PC and the domain users who log on at it. */
export interface SimulatedPc {
  deviceId: string;
  name: string;
  users: string[];
}

/** One request the simulator sends; a leave is sent only once the join of the same user@PC completed. */
export type SimulatedRequest =
  | { flow: 'workplace-join'; index: number; pc: SimulatedPc; upn: string; leaves: boolean }
  | { flow: 'workplace-leave'; index: number; pc: SimulatedPc; upn: string }
  | { flow: 'bulk-enrollment'; index: number; serialNumber: string };

export interface DevicePlan {
  /** Short random tag shared by the names of one run, so runs against the same service never collide. */
  tag: string;
  domain: string;
  pcs: SimulatedPc[];
  /** One join per user@PC, PC by PC. */
  joins: Array<Extract<SimulatedRequest, { flow: 'workplace-join' }>>;
  bulk: Array<Extract<SimulatedRequest, { flow: 'bulk-enrollment' }>>;
  /** How many requests the run makes in all: joins, the leaves that follow them, bulk enrollments. */
  total: number;
  expected: Record<SimulatedFlow, number>;
}

export interface DevicePlanInput {
  pcs: number;
  usersPerPc: number;
  leaveRatio: number;
  bulkDevices: number;
  domain?: string;
  tag?: string;
}

const TAG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** NetBIOS names have at most 15 characters: `PC-` + tag + `-` + index leaves six digits for the index. */
const MAX_PCS = 999_999;

export function runTag(): string {
  return [...randomBytes(4)].map((byte) => TAG_ALPHABET[byte % TAG_ALPHABET.length]).join('');
}

/** The PCs, users and bulk devices of a plan, with fresh device ids and names unique to this run. */
export function planDevices(input: DevicePlanInput): DevicePlan {
  checkCount('pcs', input.pcs, MAX_PCS);
  checkCount('usersPerPc', input.usersPerPc, 1000);
  checkCount('bulkDevices', input.bulkDevices, 10_000_000);
  if (!(input.leaveRatio >= 0 && input.leaveRatio <= 1)) throw new RangeError('leaveRatio must be between 0 and 1');
  const tag = input.tag ?? runTag();
  const domain = input.domain ?? 'contoso.com';

  const pcs: SimulatedPc[] = Array.from({ length: input.pcs }, (_, pc) => ({
    deviceId: randomUUID(),
    name: pcName(tag, pc),
    users: Array.from({ length: input.usersPerPc }, (_, user) => `sim.${tag.toLowerCase()}.${pc + 1}.${user + 1}@${domain}`),
  }));
  const userPcs = pcs.flatMap((pc) => pc.users.map((upn) => ({ pc, upn })));
  const leaving = spread(userPcs.length, Math.round(userPcs.length * input.leaveRatio));
  const joins = userPcs.map(({ pc, upn }, index) => ({
    flow: 'workplace-join' as const,
    index,
    pc,
    upn,
    leaves: leaving.has(index),
  }));
  const bulk = Array.from({ length: input.bulkDevices }, (_, index) => ({
    flow: 'bulk-enrollment' as const,
    index,
    // Letters first, so that a `%SERIAL%` name is never all digits; base 36 keeps it short.
    serialNumber: `SIM${tag}${index.toString(36).toUpperCase()}`,
  }));
  const expected = { 'workplace-join': joins.length, 'workplace-leave': leaving.size, 'bulk-enrollment': bulk.length };
  return { tag, domain, pcs, joins, bulk, total: joins.length + leaving.size + bulk.length, expected };
}

/** NetBIOS name of the PC with this (0-based) index: `PC-`, the run tag, `-` and its number. */
export function pcName(tag: string, index: number): string {
  return `PC-${tag}-${index + 1}`;
}

/** `chosen` of the indexes 0..n-1, evenly spread (not the first ones), so leaves come from every PC. */
export function spread(n: number, chosen: number): Set<number> {
  const picked = new Set<number>();
  if (chosen <= 0) return picked;
  for (let i = 0; i < n; i++) if (Math.floor(((i + 1) * chosen) / n) > Math.floor((i * chosen) / n)) picked.add(i);
  return picked;
}

/**
 * The order the first requests go out in: joins and bulk enrollments interleaved in proportion, so both
 * flows run side by side for the whole run rather than one after the other.
 */
export function sendOrder(plan: Pick<DevicePlan, 'joins' | 'bulk'>): SimulatedRequest[] {
  const { joins, bulk } = plan;
  const total = joins.length + bulk.length;
  const order: SimulatedRequest[] = [];
  let j = 0;
  let b = 0;
  for (let i = 0; i < total; i++) {
    // Take a join while joins are behind their share of the requests sent so far.
    const joinsDue = Math.floor(((i + 1) * joins.length) / total);
    if (j < joins.length && (j < joinsDue || b >= bulk.length)) order.push(joins[j++]);
    else order.push(bulk[b++]);
  }
  return order;
}

function checkCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be a whole number from 0 to ${max}`);
}
