import { randomBytes } from 'node:crypto';

/** A 16-byte random certificate serial as hex: positive and without a leading zero byte. */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  // Clearing the top bit keeps the INTEGER positive; setting the next one keeps it 16 bytes long (126 random bits).
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** Canonical DER INTEGER content (lowercase hex) for a positive hex number; throws if not 1..20 bytes. */
export function toDerIntegerHex(hex: string): string {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error('serial must be a hex string');
  let value = hex.toLowerCase().replace(/^0+/, '');
  if (value === '') throw new Error('serial must be positive');
  if (value.length % 2) value = `0${value}`;
  if (parseInt(value[0], 16) >= 8) value = `00${value}`;
  // RFC 5280 caps serials at 20 octets
  if (value.length > 40) throw new Error('serial must be at most 20 bytes');
  return value;
}
