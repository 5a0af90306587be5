import type { SoapVersion } from './mde2.types';

/**
 * A message the codecs cannot read: malformed, hostile, incomplete or meant for another endpoint. The
 * message names what is wrong, never a value from the request (which may hold a password).
 */
export class Mde2FormatError extends Error {
  override readonly name = 'Mde2FormatError';

  constructor(
    message: string,
    /** The envelope's SOAP version as far as it could be told, so that the fault goes back in kind. */
    readonly version: SoapVersion = '1.2',
    /** The request's MessageID when it was read before the failure, for the fault's RelatesTo. */
    readonly messageId?: string,
  ) {
    super(message);
  }
}
