/**
 * A SyncML message the codec cannot read: malformed, hostile or incomplete. The message names what is wrong,
 * never a value from the document (a Cred may hold a digest, a Data anything).
 */
export class SyncmlFormatError extends Error {
  override readonly name = 'SyncmlFormatError';
}
