import { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
import { formatDuration } from '../duration';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;

export interface WaitOptions {
  timeoutMs: number;
  /** Called once, with the status, when the request has not finished at the first look. */
  onWaiting?: (status: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls GET /v1/requests/{id}, 250 ms apart at first and then up to 2 s apart, until the request has
 * succeeded or failed, and returns it. Still queued or running after `timeoutMs`: a CliError whose exit
 * status is ExitCode.TimedOut.
 */
export async function waitForRequest<T extends { status: string }>(client: ApiClient, requestId: string, options: WaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.timeoutMs;
  let delay = FIRST_POLL_MS;
  for (let first = true; ; first = false) {
    const request = await client.json<T>('GET', `/v1/requests/${encodeURIComponent(requestId)}`);
    if (request.status === 'succeeded' || request.status === 'failed') return request;
    if (first) options.onWaiting?.(request.status);
    const left = deadline - now();
    if (left <= 0) {
      throw new CliError(
        `request ${requestId} is still ${request.status} after ${formatDuration(options.timeoutMs)}; wait again with: enrollctl requests wait ${requestId}`,
        ExitCode.TimedOut,
      );
    }
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}
