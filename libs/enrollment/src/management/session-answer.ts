import type { SyncmlMessage } from '../syncml/syncml.types';
import type { RecordSessionJobData } from '../queues/device-management.queue';
import type { DeviceCommand } from './device-command.model';
import type { ManagementSessionState } from './management-session.model';

/** Everything the session logic needs to answer one device message; gathered by the protocol adapter. */
export interface SessionMessageInput {
  message: SyncmlMessage;
  /** The session's state after the previous message, or null for a message that opens one. */
  state: ManagementSessionState | null;
  device: {
    deviceObjectId: string;
    mdmDeviceId: string;
    /** No inventory yet: ask `./DevInfo` and `./DevDetail` leaves in this session. */
    needsInventory: boolean;
  };
  /** The device's commands due (DeviceCommandRepository.due), oldest first. */
  due: DeviceCommand[];
  /** Ids of commands that expired while gathering `due`, reported in the record. */
  expired: string[];
  /**
   * The check of the header's `Cred` (absent when the device sent none): `accepted` false answers the
   * header 401 with a challenge; `nextNonce` (base64) goes out in the header Status's `Chal` either way.
   */
  credential?: { accepted: boolean; nextNonce: string };
  /** The server's own URI, the reply header's Source (the management ADDR). */
  serverUri: string;
  now: Date;
}

export interface SessionMessageAnswer {
  /** The reply to send (its header's MsgID the server's next), Final when nothing is left to send. */
  reply: SyncmlMessage;
  /** The state to store for the session's next message. */
  state: ManagementSessionState;
  /** Commands that went out in `reply` (to mark sent). */
  sentCommandIds: string[];
  /** What the message reported, for the worker to record (no `at`: the adapter stamps it). */
  record: Omit<RecordSessionJobData, 'at'>;
}
