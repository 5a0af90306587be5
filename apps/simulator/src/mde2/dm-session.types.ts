import type { SyncmlMessage, SyncmlStatus } from '@app/enrollment';
import type { ExecutedCommand } from './dm-command-executor';

export interface DmSessionOptions {
  /** Alert 1201 (default: the device's own schedule) or 1200 (the server asked for the session). */
  trigger?: 'client' | 'server';
  /** The LoginStatus the 1224 alert reports (`user`, `others`, `none`); default `user`. */
  loginStatus?: string;
  /** The device's own message with this MsgID (2 or later) is an Alert 1223: it aborts the session there. */
  abortAtMessage?: number;
  /** The user removed the work account: package 1 carries Alert 1226 (userrequest), and the device is gone once it is answered. */
  unenroll?: boolean;
  /** The MaxMsgSize the device announces; default 65536, as Windows. */
  maxMsgSize?: number;
  /** Orchestrator base URLs: each message goes to the next one, on the management ADDR's path. Default: the ADDR itself. */
  baseUrls?: readonly string[];
  /** How the device certificate reaches the server; default `tls` for an https URL, `header` (X-Client-Certificate) otherwise. */
  certificateVia?: 'tls' | 'header';
  /** A `Cred` (syncml:auth-md5) in the session's first message; default true. */
  credentials?: boolean;
  /** A session longer than this many device messages ends as `too-many-messages`; default 50. */
  maxMessages?: number;
}

/** One HTTP round trip of a session. */
export interface DmExchange {
  url: string;
  sent: SyncmlMessage;
  /** 0 when the request failed before an answer. */
  httpStatus: number;
  received?: SyncmlMessage;
}

/**
 * How a session ended: `final` (the server had nothing more), `aborted` (the device sent 1223),
 * `unenrolled` (the device sent 1226), `refused` (the server refused the credential), or a failure.
 */
export type DmSessionEnd = 'final' | 'aborted' | 'unenrolled' | 'refused' | 'not-enrolled' | 'http-error' | 'network-error' | 'malformed' | 'too-many-messages';

export interface DmSessionTranscript {
  /** As sent in every SyncHdr: hex text, as Windows counts sessions. */
  sessionId: string;
  exchanges: DmExchange[];
  /** The server's commands the device carried out, with the status it answered. */
  executed: ExecutedCommand[];
  /** The server's Status for each of the device's commands and headers, in the order they came. */
  statuses: SyncmlStatus[];
  /** Reboots the server asked for in this session. */
  reboots: number;
  /** The device is no longer enrolled at the end of this session (1226 sent, or DMClient Unenroll executed). */
  unenrolled: boolean;
  ended: DmSessionEnd;
  /** What the server got wrong: a missing or misaddressed Status, a header not for this device or session. Empty when all checked out. */
  problems: string[];
  detail?: string;
}
