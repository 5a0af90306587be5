/**
 * The server's memory of one OMA-DM session, kept in Redis between messages so that any orchestrator
 * answers any message of it. Keyed by device object and the device's SessionID.
 */
export interface ManagementSessionState {
  deviceObjectId: string;
  /** As the device sent it: Windows' SessionIDs are hex text, not always decimal. */
  sessionId: string;
  /** MsgID of the last device message answered (0 before the first). */
  lastMsgId: number;
  /** The reply to `lastMsgId`, sent again as it was when the device repeats that message. */
  lastReply?: string;
  /** Next server MsgID and CmdID. */
  nextMsgId: number;
  nextCmdId: number;
  /** Our commands awaiting the device's Status, by the CmdID they went out with. */
  sent: Record<string, SentCommand>;
  /** Commands still to send in this session (ids, in order), when MaxMsgSize did not let them all go at once. */
  queued: string[];
  /**
   * Commands the device answered in this session. Their outcomes reach the store through the worker, so
   * for a moment they still look due: they are not sent again in the same session.
   */
  answered: string[];
  /** Inventory was asked in this session (so it is not asked twice). */
  inventoryAsked: boolean;
  /** The session ended: Alert 1223, or a final message answered with nothing left to send. */
  ended: boolean;
  startedAt: string;
}

export interface SentCommand {
  /** The DeviceCommand id; for the service's own inventory Get, `inventory`. */
  commandId: string;
  msgId: number;
}

/** The id a session's own inventory Get is tracked under (it is not an admin command). */
export const INVENTORY_COMMAND_ID = 'inventory';
