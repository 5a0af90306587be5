import type { Clock } from '../pacer';
import type { DmSessionOptions, DmSessionTranscript } from './dm-session.types';
import type { WindowsDmClient } from './management-client';
import { runManagementSessions } from './management-phase';

/** A device whose sessions end as its script says, each taking 10 ms on the fake clock; it never runs two at once. */
class ScriptedDevice {
  unenrolled = false;
  readonly enrollment = { deviceId: '' };
  opened: DmSessionOptions[] = [];
  private busy = false;
  overlapped = false;

  constructor(
    id: string,
    private readonly clock: { time: number },
    private readonly endings: Array<Partial<DmSessionTranscript>>,
  ) {
    this.enrollment.deviceId = id;
  }

  async session(options: DmSessionOptions = {}): Promise<DmSessionTranscript> {
    if (this.busy) this.overlapped = true;
    this.busy = true;
    this.opened.push(options);
    await Promise.resolve();
    this.clock.time += 10;
    this.busy = false;
    const ending = this.endings[this.opened.length - 1] ?? {};
    if (ending.unenrolled) this.unenrolled = true;
    return {
      sessionId: String(this.opened.length),
      exchanges: [],
      executed: [],
      statuses: [],
      reboots: 0,
      unenrolled: false,
      ended: 'final',
      problems: [],
      ...ending,
    };
  }
}

describe(runManagementSessions.name, () => {
  const time = { time: 0 };
  const clock: Clock = { now: () => time.time, sleep: () => Promise.resolve() };
  const devices = (...scripts: Array<Array<Partial<DmSessionTranscript>>>) => scripts.map((script, index) => new ScriptedDevice(`D${index}`, time, script));
  const sut = (list: ScriptedDevice[], sessionsEach: number, session?: DmSessionOptions) =>
    runManagementSessions(list as unknown as WindowsDmClient[], sessionsEach, { concurrency: 2, clock, session });

  beforeEach(() => (time.time = 0));

  it('opens the sessions asked of every device, one at a time per device, and counts those that ended cleanly', async () => {
    const list = devices([], [{}, { problems: ['no Status for Alert CmdID 2 of message 1'] }], [{}, { ended: 'http-error', detail: 'answered 403' }]);

    const report = await sut(list, 2, { maxMsgSize: 4096 });

    expect(list.map((device) => device.opened.length)).toEqual([2, 2, 2]);
    expect(list.every((device) => !device.overlapped && device.opened.every((options) => options.maxMsgSize === 4096))).toBe(true);
    expect(report).toMatchObject({ devices: 3, sessions: 6, completed: 4, failed: 2, durationMs: 60 });
    expect(report.sessionsPerSecond).toBeCloseTo((4 / 60) * 1000, 0);
    expect(report.failures).toEqual([
      { deviceId: 'D1', sessionId: '2', ended: 'final', problems: ['no Status for Alert CmdID 2 of message 1'] },
      { deviceId: 'D2', sessionId: '2', ended: 'http-error', detail: 'answered 403', problems: [] },
    ]);
  });

  it('stops opening sessions for a device once it is unenrolled, and counts an asked unenrollment as completed', async () => {
    const list = devices([{ ended: 'unenrolled', unenrolled: true }]);

    const report = await sut(list, 3, { unenroll: true });

    expect(list[0].opened).toHaveLength(1);
    expect(report).toMatchObject({ sessions: 1, completed: 1, failed: 0, unenrolled: 1 });
  });
});
