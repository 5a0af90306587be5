import { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../cli-error';
import { waitForRequest } from './request-wait';

const KEY = 'admin-key-0123456789abcdef0123';

/** A request that is `queued`, then `running`, then takes the statuses given, one per poll. */
function polled(statuses: string[]) {
  const urls: string[] = [];
  const fetchImpl = async (url: string) => {
    urls.push(url);
    return Response.json({ requestId: 'r1', status: statuses.length > 1 ? statuses.shift() : statuses[0] });
  };
  return { client: new ApiClient('http://api.test', KEY, fetchImpl as unknown as typeof fetch), urls };
}

describe(waitForRequest.name, () => {
  /** A clock that moves only when the wait sleeps. */
  function clock() {
    let now = 0;
    const slept: number[] = [];
    return { slept, now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
  }

  it.each(['succeeded', 'failed'])('polls, further and further apart, until the request has %s', async (end) => {
    const { client, urls } = polled(['queued', 'running', 'running', 'running', 'running', 'running', end]);
    const time = clock();
    const waiting: string[] = [];
    const request = await waitForRequest(client, 'r1', { timeoutMs: 60_000, ...time, onWaiting: (status) => waiting.push(status) });
    expect(request).toEqual({ requestId: 'r1', status: end });
    expect(urls).toHaveLength(7);
    expect(urls[0]).toBe('http://api.test/v1/requests/r1');
    expect(time.slept).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(waiting).toEqual(['queued']);
  });

  it('gives up at the deadline with its own exit status, naming the status and how to wait again', async () => {
    const { client } = polled(['running']);
    const time = clock();
    const waited = waitForRequest(client, 'r1', { timeoutMs: 3000, ...time });
    await expect(waited).rejects.toThrow(CliError);
    await expect(waited).rejects.toMatchObject({
      exitCode: ExitCode.TimedOut,
      message: 'request r1 is still running after 3s; wait again with: enrollctl requests wait r1',
    });
    expect(time.now()).toBe(3000);
  });
});
