import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { connectionsTo } from './support/process-sockets';
import { SseClient } from './support/sse';
import { waitFor } from './support/wait';

describe('GET /v1/events/stream (end to end)', () => {
  const service = new TestService('stream');
  const openssl = new OpensslWorkspace();
  const clients: SseClient[] = [];
  let csr: string;

  beforeAll(async () => {
    await service.start(1);
    csr = openssl.csr().pem;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await service.stop();
    openssl.dispose();
  });

  async function stream(query: string, headers: Record<string, string> = {}) {
    const client = new SseClient(`${service.baseUrl}/v1/events/stream${query}`, { authorization: `Bearer ${service.adminKey}`, ...headers });
    clients.push(client);
    expect(await client.open()).toBe(200);
    return client;
  }

  async function join(upn: string) {
    const token = await service.userToken(upn);
    const accepted = await service.api('POST', '/v1/workplace-joins', {
      token,
      body: { deviceId: randomUUID(), deviceName: 'PC77', domain: 'contoso.com', osVersion: '6.1.7601', csr },
    });
    expect(accepted.status).toBe(202);
    return accepted.body.requestId as string;
  }

  it('sends the events written after it opened, filtered by event id, as JSON with their positions', async () => {
    const completions = await stream('?eventId=1000,1001');
    const everything = await stream('');
    const requestId = await join('stream1@contoso.com');

    const completed = await completions.waitFor((message) => JSON.parse(message.data).activityId === requestId, 'the completion');
    expect(completed.event).toBe('diagnostic');
    expect(completed.id).toMatch(/^\d+-\d+$/);
    expect(JSON.parse(completed.data)).toMatchObject({ eventId: 1000, symbol: 'WorkplaceJoinCompleted', activityId: requestId });
    expect(completions.messages.every((message) => [1000, 1001].includes(JSON.parse(message.data).eventId))).toBe(true);

    // The unfiltered stream has the whole trail of the request, in the order of its record ids.
    await everything.waitFor((message) => message.id === completed.id, 'the same completion unfiltered');
    const trail = everything.messages.map((message) => JSON.parse(message.data)).filter((event) => event.activityId === requestId);
    const stored = (await service.admin('GET', `/v1/events?requestId=${requestId}`)).body.items;
    expect(trail.map((event) => event.eventRecordId)).toEqual(stored.map((event: any) => event.eventRecordId));
  });

  it('sends one Windows <Event> per message with format=xml, for one request', async () => {
    const first = await join('stream2@contoso.com');
    await service.finished(first);
    const xml = await stream(`?requestId=${first}&format=xml`);
    const second = await join('stream3@contoso.com');
    const all = await stream(`?requestId=${second}&format=xml`);
    const done = await all.waitFor((message) => message.data.includes('<EventID>1000</EventID>'), 'the XML completion');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(done.data);
    expect(parsed.Event['@xmlns']).toBe('http://schemas.microsoft.com/win/2004/08/events/event');
    expect(parsed.Event.System.Correlation['@ActivityID']).toBe(`{${second.toUpperCase()}}`);
    expect(all.messages.every((message) => message.data.startsWith('<Event xmlns='))).toBe(true);
    // The first request had finished before its stream opened: nothing of it comes live.
    expect(xml.messages).toHaveLength(0);
  });

  it('resumes after the Last-Event-ID a reconnecting client sends', async () => {
    const live = await stream('');
    const requestId = await join('stream4@contoso.com');
    await live.waitFor((message) => JSON.parse(message.data).activityId === requestId && JSON.parse(message.data).eventId === 1000, 'the completion');
    const trail = live.messages.filter((message) => JSON.parse(message.data).activityId === requestId);
    expect(trail.length).toBeGreaterThan(3);

    const resumed = await stream(`?requestId=${requestId}`, { 'last-event-id': trail[1].id! });
    await resumed.waitFor((message) => message.id === trail[trail.length - 1].id, 'the replayed completion');
    expect(resumed.messages.map((message) => message.id)).toEqual(trail.slice(2).map((message) => message.id));
  });

  it('refuses a caller without the admin key, and a bad filter with the field named', async () => {
    const anonymous = await fetch(`${service.baseUrl}/v1/events/stream`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const bad = await service.admin('GET', '/v1/events/stream?eventId=21;22');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.message).toContain('eventId');
  });

  it('serves 50 streams from one blocking Redis connection of the orchestrator, each with its filter', async () => {
    const redisPort = Number(new URL(service.redisUrl).port || 6379);
    const pid = service.orchestrator.child.pid!;
    const before = connectionsTo(pid, redisPort);

    const completions = await Promise.all(Array.from({ length: 45 }, () => stream('?eventId=1000')));
    const starts = await Promise.all(Array.from({ length: 5 }, () => stream('?eventId=100')));
    const requestId = await join('stream5@contoso.com');
    await Promise.all(completions.map((client) => client.waitFor((message) => JSON.parse(message.data).activityId === requestId, 'the completion')));
    await Promise.all(starts.map((client) => client.waitFor((message) => JSON.parse(message.data).activityId === requestId, 'the start')));

    // The earlier tests' streams are still open: the reader may already have been running.
    expect(connectionsTo(pid, redisPort) - before).toBeLessThanOrEqual(1);
    const reader = await waitFor(
      async () => {
        const named = (await clientList(service)).filter((client) => client.name === `${service.keyNames.root}:event-feed`);
        return named.length === 1 && named[0].cmd === 'xread' ? named : undefined;
      },
      { what: 'one named event feed connection, blocked in XREAD', timeoutMs: 10000 },
    );
    expect(reader).toHaveLength(1);
    expect(completions.every((client) => client.messages.every((message) => JSON.parse(message.data).eventId === 1000))).toBe(true);
    expect(starts.every((client) => client.messages.every((message) => JSON.parse(message.data).eventId === 100))).toBe(true);
    await Promise.all([...completions, ...starts].map((client) => client.close()));
  });

  // Last: it stops the orchestrator.
  it('ends open streams and closes kept-alive connections when the orchestrator is stopped, so that shutdown waits on neither', async () => {
    const idle = await keptAliveConnection(`${service.baseUrl}/health/live`);
    await idle.ended;
    // Idle connections outlast those of clients (undici keeps its own 1 s less than the server announces).
    expect(idle.headers['keep-alive']).toBe('timeout=65');
    const open = await keptAliveConnection(`${service.baseUrl}/v1/events/stream`, { authorization: `Bearer ${service.adminKey}` });
    expect(open.headers['content-type']).toMatch(/^text\/event-stream/);

    const stopped = service.orchestrator.stop('SIGTERM');
    // A client that keeps connections as long as the server allows would otherwise hold the process for
    // the keep-alive period (65 s) on the connection the ended stream leaves behind.
    await within(20000, 'the stream to end', open.ended);
    await within(20000, 'the server to close both connections', Promise.all([idle.closed, open.closed]));
    await within(20000, 'the orchestrator to exit', stopped);

    // Nest re-raises the signal once it has closed everything.
    expect(service.orchestrator.child.signalCode).toBe('SIGTERM');
    expect(service.orchestrator.output).not.toMatch(/"level":"error"/);
  });
});

/** The clients Redis knows, as `field=value` maps. */
async function clientList(service: TestService): Promise<Array<Record<string, string>>> {
  const text = (await service.redis.call('CLIENT', 'LIST')) as string;
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split(' ').map((pair) => pair.split('=', 2) as [string, string])));
}

/**
 * A GET on its own connection, through an agent that keeps connections for as long as the server allows.
 * Resolves once the response headers are in; `ended` settles with the response, `closed` with the connection.
 */
function keptAliveConnection(url: string, headers: Record<string, string> = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<{ headers: http.IncomingHttpHeaders; ended: Promise<void>; closed: Promise<void> }>((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      resolve({ headers: response.headers, ended: new Promise((settle) => response.on('end', settle)), closed });
    });
    const closed = new Promise<void>((settle) => request.on('socket', (socket) => socket.on('close', () => settle())));
    request.on('error', reject);
  });
}

function within<T>(timeoutMs: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
