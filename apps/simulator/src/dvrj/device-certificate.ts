import * as forge from 'node-forge';
import { bytesOf, childrenOf, oidOf, parseDer } from '@app/enrollment/pki/asn1';
import { fromBinary } from '@app/enrollment/pki/der';

/** The extensions in which a Device Registration Service names the device object and the user object. */
export const DRS_DEVICE_ID_OID = '1.2.840.113556.1.5.284.2';
export const DRS_USER_ID_OID = '1.2.840.113556.1.5.284.3';

/** `[3]`, the tag of the extensions in a TBSCertificate: forge types tags by the UNIVERSAL enum, where 3 is BITSTRING. */
const EXTENSIONS_TAG = forge.asn1.Type.BITSTRING;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The GUID a DRS certificate carries in the extension `oid`, lower-case with dashes, or undefined. The
 * value may be the 16 bytes of a GUID in Windows' order (the first three fields little-endian, as AD
 * stores objectGUID), the same inside an OCTET STRING, or the GUID as text.
 */
export function guidExtensionOf(certificateDer: Buffer, oid: string): string | undefined {
  const value = extensionValue(certificateDer, oid);
  return value === undefined ? undefined : guidOf(value, 0);
}

function guidOf(value: Buffer, depth: number): string | undefined {
  if (value.length === 16) return windowsGuid(value);
  const text = value.toString('latin1').replace(/^\{|\}$/g, '');
  if (GUID.test(text)) return text.toLowerCase();
  if (depth > 1) return undefined;
  try {
    const inner = parseDer(value);
    return inner.tagClass === forge.asn1.Class.UNIVERSAL ? guidOf(fromBinary(bytesOf(inner)), depth + 1) : undefined;
  } catch {
    return undefined;
  }
}

function windowsGuid(bytes: Buffer): string {
  const hex = (b: Buffer) => b.toString('hex');
  const le = (start: number, end: number) => hex(Buffer.from(bytes.subarray(start, end)).reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
}

/** The bytes of the extnValue OCTET STRING of the extension `oid` of a DER certificate. */
function extensionValue(certificateDer: Buffer, oid: string): Buffer | undefined {
  const [tbs] = childrenOf(parseDer(certificateDer));
  const wrapper = childrenOf(tbs).find((node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === EXTENSIONS_TAG);
  if (!wrapper) return undefined;
  for (const extension of childrenOf(childrenOf(wrapper)[0])) {
    const parts = childrenOf(extension);
    if (oidOf(parts[0]) === oid) return fromBinary(bytesOf(parts[parts.length - 1]));
  }
  return undefined;
}
