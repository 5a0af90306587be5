export * from './syncml.types';
export * from './syncml.constants';
export { SyncmlFormatError } from './syncml-format.error';
export { SyncmlTooLargeError } from './syncml-too-large.error';
export { parseSyncml } from './syncml.parser';
export { renderSyncml } from './syncml.renderer';
export { statusFor, statusForHeader, replyHeader } from './syncml-status';
export type { SyncmlAnswerable } from './syncml-status';
export { splitCommands, renderedSize } from './syncml-split';
