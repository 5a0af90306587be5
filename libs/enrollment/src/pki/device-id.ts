import * as forge from 'node-forge';
import { bytesOf, childrenOf, oidOf, parseDer } from './asn1';
import { decodeDirectoryString } from './asn1-string';
import { fromBinary } from './der';
import { Oid } from './oids';

const MAX_DEVICE_ID_LENGTH = 256;

/** Best-effort device id from the Windows requested extension 1.3.6.1.4.1.311.66.1.0; never throws. */
export function requestedDeviceIdOf(attributes: forge.asn1.Asn1 | undefined): string | undefined {
  try {
    const value = findRequestedExtension(attributes);
    return value === undefined ? undefined : decodeDeviceId(value);
  } catch {
    return undefined;
  }
}

/** Decodes an extension value that is DER (OCTET STRING or a string type) or raw text/bytes. */
export function decodeDeviceId(bytes: Buffer, depth = 0): string | undefined {
  const inner = depth < 3 ? tryParseDer(bytes) : undefined;
  if (inner?.tagClass === forge.asn1.Class.UNIVERSAL && inner.type === forge.asn1.Type.OCTETSTRING) {
    return decodeDeviceId(fromBinary(bytesOf(inner)), depth + 1);
  }
  const text = decodeDirectoryString(inner);
  return clean(text ?? rawText(bytes));
}

function findRequestedExtension(attributes: forge.asn1.Asn1 | undefined): Buffer | undefined {
  if (!attributes) return undefined;
  for (const attribute of childrenOf(attributes)) {
    const [type, values] = childrenOf(attribute);
    const typeOid = oidOf(type);
    // older Windows clients use the Microsoft OID for the same Extensions attribute
    if (typeOid !== Oid.extensionRequest && typeOid !== Oid.msCertExtensions) continue;
    for (const extensions of childrenOf(values)) {
      for (const extension of childrenOf(extensions)) {
        const parts = childrenOf(extension);
        if (oidOf(parts[0]) === Oid.msRequestedDeviceId) return fromBinary(bytesOf(parts[parts.length - 1]));
      }
    }
  }
  return undefined;
}

function tryParseDer(bytes: Buffer): forge.asn1.Asn1 | undefined {
  try {
    return parseDer(bytes);
  } catch {
    return undefined;
  }
}

function rawText(bytes: Buffer): string {
  const isUtf16Le = bytes.length >= 2 && bytes.length % 2 === 0 && bytes.every((b, i) => i % 2 === 0 || b === 0);
  if (isUtf16Le) return bytes.toString('utf16le');
  if (bytes.every((b) => b === 0 || (b >= 0x20 && b <= 0x7e))) return bytes.toString('latin1');
  return bytes.toString('hex').toUpperCase();
}

function clean(text: string): string | undefined {
  const value = text
    .replace(/\0/g, '')
    .trim()
    .replace(/^\{(.*)\}$/, '$1');
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (!value || value.length > MAX_DEVICE_ID_LENGTH || /[\x00-\x1f\x7f]/.test(value)) return undefined;
  return value;
}
