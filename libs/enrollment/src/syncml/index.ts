export * from './syncml.types';
export * from './syncml.constants';
export { SyncmlFormatError, SyncmlTooLargeError } from './syncml-format.error';
export { parseSyncml } from './syncml.parser';
export { renderSyncml } from './syncml.renderer';
export { statusFor, statusForHeader, replyHeader } from './syncml-status';
export type { SyncmlAnswerable } from './syncml-status';
export { splitCommands, renderedSize } from './syncml-split';
