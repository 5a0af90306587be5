/** Wire constants of OMA-DM 1.2 SyncML as MS-MDM uses it. */

export const SYNCML_NAMESPACE = 'SYNCML:SYNCML1.2';
/** Namespaces the parser accepts on the root, compared case-insensitively. */
export const SYNCML_ACCEPTED_NAMESPACES = ['syncml:syncml1.2', 'syncml:syncml1.1'];
export const SYNCML_METINF_NAMESPACE = 'syncml:metinf';
export const SYNCML_VER_DTD = '1.2';
export const SYNCML_VER_PROTO = 'DM/1.2';
export const SYNCML_CONTENT_TYPE = 'application/vnd.syncml.dm+xml';

/** Largest message the parser reads; Windows caps its own at the MaxMsgSize it announces (64 KiB by default). */
export const SYNCML_MAX_XML_BYTES = 512 * 1024;
/** A Results of a large inventory Get carries many items; the default element bound of the reader is lower. */
export const SYNCML_MAX_ELEMENTS = 32 * 1024;

export const SyncmlAlertCode = {
  ServerInitiated: '1200',
  ClientInitiated: '1201',
  NextMessage: '1222',
  SessionAbort: '1223',
  ClientEvent: '1224',
  GenericAlert: '1226',
} as const;

export const SyncmlStatusCode = {
  Ok: '200',
  AuthenticationAccepted: '212',
  InvalidCredentials: '401',
  MissingCredentials: '407',
  NotFound: '404',
  OptionalFeatureNotSupported: '406',
  CommandFailed: '500',
} as const;
