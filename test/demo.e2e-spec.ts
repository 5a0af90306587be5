import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { AppProcess, freePort, REDIS_URL, TestService } from './support/service';

const ROOT = join(__dirname, '..');

/** Whether a process with this id still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo (scripts/demo.js)', () => {
  // Not started: it only lends its private prefix and removes that prefix's keys afterwards.
  const keys = new TestService('demo');
  let demo: AppProcess | undefined;
  let logPath: string | undefined;

  afterAll(async () => {
    await demo?.stop('SIGTERM');
    await keys.stop();
    if (logPath) rmSync(logPath, { force: true });
  });

  it('starts the service, runs the simulator, says where to look, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    demo = new AppProcess(
      spawn(process.execPath, ['scripts/demo.js'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', REDIS_URL, REDIS_PREFIX: keys.prefix, PORT: String(port), DEMO_SCALE: '0.05' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const exitedEarly = demo.exited.then((code) => {
      throw new Error(`the demo exited with ${code}:\n${demo!.output}`);
    });
    exitedEarly.catch(() => undefined);
    const line = (pattern: RegExp) => Promise.race([demo!.waitForLine(pattern, 110_000), exitedEarly]).then((found) => pattern.exec(found)!);
    logPath = (await line(/\(log: (\S+)\)/))[1];
    const base = `http://localhost:${port}`;

    // The summary comes after the run; the metrics line is the last one.
    await line(/Metrics:\s+(\S+)/);
    expect(demo.output).toMatch(/total\s+\d+\s+0\n/); // nothing failed
    const adminKey = (await line(/ADMIN=(eo_dev_\S+)/))[1];

    const board = (await line(/Bull Board:\s+(\S+)/))[1];
    expect(board).toBe(`${base}/admin/queues`);
    expect((await fetch(board)).status).toBe(401);
    const signedIn = await fetch(board, { headers: { authorization: `Basic ${Buffer.from(`anyone:${adminKey}`).toString('base64')}` } });
    expect(signedIn.status).toBe(200);

    const eventsUrl = (await line(/Device events:\s+curl -s "([^"]+)"/))[1];
    expect(eventsUrl).toMatch(new RegExp(`^${base}/v1/devices/[0-9a-f-]{36}/events\\?format=xml$`));
    const events = await fetch(eventsUrl, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toContain('xml');
    const xml = new XMLParser({ ignoreAttributes: false }).parse(await events.text());
    const list = [xml.Events.Event].flat();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((event: any) => event.System.Provider['@_Name'].startsWith('Microsoft-Windows-'))).toBe(true);

    for (const path of ['/docs', '/metrics']) expect(demo.output).toContain(`${base}${path}`);
    expect(demo.output).toContain(`${base}/v1/events/stream`);

    // Ctrl-C: the demo stops its orchestrator and worker and ends well.
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(demo.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((pid) => Number(pid.trim()))
      .filter((pid) => pid > 0);
    expect(children).toHaveLength(2);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(children.filter(alive)).toEqual([]);
    expect(
      await fetch(`${base}/health/live`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });
});
