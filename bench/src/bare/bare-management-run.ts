import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pooled } from '@app/enrollment/concurrency/pooled';
import { bareManagementMessage, type BareManagedDevice, type BareManagementRepositories } from './bare-management';

/** A session longer than this is a fault of the bare session, not a figure. */
const MAX_MESSAGES = 8;

/**
 * Every device opens `sessionsEach` sessions one after the other, at most `inFlight` devices at once,
 * each session's messages sent back to back until it ends; sessions per second from the first to the last.
 */
export async function runBareManagement(
  repositories: BareManagementRepositories,
  devices: readonly BareManagedDevice[],
  sessionsEach: number,
  inFlight: number,
): Promise<{ sessions: number; messages: number; perSecond: number }> {
  let messages = 0;
  const began = performance.now();
  const tasks = devices.map((device) => async () => {
    for (let round = 0; round < sessionsEach; round++) {
      const sessionId = randomBytes(3).toString('hex').toUpperCase();
      for (let msgId = 1; ; msgId++) {
        if (msgId > MAX_MESSAGES) throw new Error(`bare session ${sessionId} of ${device.deviceObjectId} did not end`);
        messages++;
        if ((await bareManagementMessage(repositories, device, sessionId, msgId, new Date())).ended) break;
      }
    }
  });
  await pooled(tasks, inFlight);
  const seconds = (performance.now() - began) / 1000;
  const sessions = devices.length * sessionsEach;
  return { sessions, messages, perSecond: sessions / seconds };
}
