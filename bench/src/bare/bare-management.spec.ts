import type { DeviceCommand } from '@app/enrollment/management';
import { nextBareState, QUEUED_GET } from './bare-management';

describe(nextBareState.name, () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const command = (id: string): DeviceCommand => ({
    id,
    deviceObjectId: 'd',
    ...QUEUED_GET,
    origin: 'admin',
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: now.toISOString(),
    deliveries: 0,
  });

  it('ends a session at its first message when nothing is due', () => {
    const sut = nextBareState(null, 'd', '1A', 1, [], now);

    expect(sut.sent).toEqual([]);
    expect(sut.state).toMatchObject({ deviceObjectId: 'd', sessionId: '1A', lastMsgId: 1, nextMsgId: 2, ended: true, sent: {}, startedAt: now.toISOString() });
  });

  it('sends the due commands under the CmdIDs after the header Status, then ends once they are answered', () => {
    const first = nextBareState(null, 'd', '1A', 1, [command('c1'), command('c2')], now);
    expect(first.sent).toEqual(['c1', 'c2']);
    expect(first.state).toMatchObject({ ended: false, nextCmdId: 4, sent: { '2': { commandId: 'c1', msgId: 1 }, '3': { commandId: 'c2', msgId: 1 } } });

    // Still due (sent, not yet recorded by the worker) at the next message: not sent twice in one session.
    const second = nextBareState(first.state, 'd', '1A', 2, [command('c1'), command('c2')], now);
    expect(second.sent).toEqual([]);
    expect(second.state).toMatchObject({ lastMsgId: 2, nextMsgId: 3, ended: true });
  });
});
