/** A command that does not fit a message of the size the device accepts, even alone. */
export class SyncmlTooLargeError extends Error {
  override readonly name = 'SyncmlTooLargeError';

  constructor(
    readonly cmdId: number,
    readonly bytes: number,
    readonly maxMsgSize: number,
  ) {
    super(`Command ${cmdId} needs a message of ${bytes} bytes, more than the ${maxMsgSize} the device accepts`);
  }
}
