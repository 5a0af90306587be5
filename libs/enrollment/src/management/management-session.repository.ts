import type { ManagementSessionState } from './management-session.model';

/** Session state between messages; expires a while after the session's last message. */
export abstract class ManagementSessionRepository {
  abstract load(deviceObjectId: string, sessionId: string): Promise<ManagementSessionState | null>;
  /**
   * Stores the state after answering a message, only if nobody stored a later one: `answeredMsgId` must be
   * greater than the stored `lastMsgId`. Returns false when another orchestrator answered that message first.
   */
  abstract save(state: ManagementSessionState, ttlSeconds: number): Promise<boolean>;
}
