import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';
import type { ManagementSessionState } from './management-session.model';
import { ManagementSessionRepository } from './management-session.repository';
import saveManagementSession from './lua/save-management-session-1.lua';

/** Each session's state as JSON beside its `lastMsgId`, which the save script compares. */
export class RedisManagementSessionRepository extends ManagementSessionRepository {
  private readonly saveScript: LuaScript<0 | 1>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    super();
    this.saveScript = new LuaScript(redis, 'save-management-session-1', saveManagementSession);
  }

  async load(deviceObjectId: string, sessionId: string): Promise<ManagementSessionState | null> {
    const raw = await this.redis.hget(this.keys.managementSession(deviceObjectId, sessionId), 'state');
    return raw === null ? null : (JSON.parse(raw) as ManagementSessionState);
  }

  async save(state: ManagementSessionState, ttlSeconds: number): Promise<boolean> {
    const stored = await this.saveScript.run(
      [this.keys.managementSession(state.deviceObjectId, state.sessionId)],
      [state.lastMsgId, JSON.stringify(state), Math.max(1, Math.ceil(ttlSeconds))],
    );
    return stored === 1;
  }
}
