import { runSimulation } from '../../../apps/simulator/src/simulation';
import type { BulkProtocol, SimulationReport, WorkplaceProtocol } from '../../../apps/simulator/src/simulation.types';
import type { ManagedWindowsDevice } from '../../../apps/simulator/src/mde2/management-phase';
import { ServiceUnderTest } from './service-under-test';

export type { SimulationReport };

export interface LoadPlan {
  enrollments: number;
  /** Share of bulk enrollments; the rest are Workplace Joins (one user per PC). Default one half. */
  bulkShare?: number;
  /** How the bulk devices enroll (default json). */
  bulkProtocol?: BulkProtocol;
  /** How the Workplace Joins are made (default json). */
  workplaceProtocol?: WorkplaceProtocol;
  /** Most requests sent but not completed at once. */
  inFlight: number;
  /** Fixed send rate; undefined sends as fast as `inFlight` allows. */
  ratePerSecond?: number;
  /** Device keys the simulator makes before the run and shares among the devices. */
  keyPoolSize: number;
  /** Called about four times a second while requests are being sent and completed (not while preparing). */
  onProgress?: () => void;
  /** With bulkProtocol mde2: the devices that enrolled, with what they need to be managed afterwards. */
  onManagedDevices?: (devices: ManagedWindowsDevice[]) => void;
}

/**
 * Drives the service over HTTP with the device simulator (POST, then the terminal event on the event
 * stream) and refuses a run in which any request failed: a rate with failures in it means nothing.
 */
export async function simulate(service: ServiceUnderTest, plan: LoadPlan): Promise<SimulationReport> {
  const bulkDevices = Math.round(plan.enrollments * (plan.bulkShare ?? 0.5));
  const report = await runSimulation({
    baseUrls: service.baseUrls,
    adminKey: service.adminKey,
    pcs: plan.enrollments - bulkDevices,
    usersPerPc: 1,
    leaveRatio: 0,
    bulkDevices,
    bulkProtocol: plan.bulkProtocol,
    workplaceProtocol: plan.workplaceProtocol,
    concurrency: plan.inFlight,
    ratePerSecond: plan.ratePerSecond,
    keyPoolSize: plan.keyPoolSize,
    timeoutMs: 120_000,
    onProgress: plan.onProgress,
    onManagedDevices: plan.onManagedDevices,
  });
  if (report.failed > 0 || report.completed < report.total) {
    const first = report.failures[0];
    throw new Error(
      `${report.total - report.completed} of ${report.total} requests did not complete` +
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into an array may be absent (the tsconfig has no noUncheckedIndexedAccess)
        (first ? ` (first: ${first.flow} ${first.status ?? ''} ${first.code}: ${first.message})` : ''),
    );
  }
  return report;
}
