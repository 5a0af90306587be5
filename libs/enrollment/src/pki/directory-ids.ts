import { X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';
import { bytesOf, childrenOf, oidOf, parseDer } from './asn1';
import { fromBinary } from './der';
import { nameBasedUuid } from '../crypto/name-based-uuid';
import { Oid } from './oids';

/** The directory objects a Workplace Join certificate names, as Microsoft's registration clients read them. */
export interface DirectoryIds {
  /** The registered device object (MS-DVRJ: the device id, 1.2.840.113556.1.5.284.2). */
  deviceId: string;
  /** The user object the device is registered for (1.2.840.113556.1.5.284.3), when the service knows one. */
  userId?: string;
}

// The name space of user object ids; never change it: certificates carry the ids derived from it.
const USER_NAMESPACE = Buffer.from('3c6a91e4d2b84f0e9a7f15c2e8b3d604', 'hex');

/**
 * The object id of a user in this service's directory, from the UPN (case ignored). The service keeps
 * no user objects of its own: the id is derived, so that every certificate of one user names the same one.
 */
export function userObjectId(upn: string): string {
  return nameBasedUuid(USER_NAMESPACE, upn.toLowerCase());
}

/** [3] in a TBSCertificate: its extensions. */
const EXTENSIONS_TAG = 3;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID in Microsoft's binary order (the first three groups little-endian), as the extensions carry it. */
export function guidToBytes(guid: string): Buffer {
  if (!GUID.test(guid)) throw new Error('not a GUID');
  const hex = Buffer.from(guid.replace(/-/g, ''), 'hex');
  return Buffer.concat([hex.subarray(0, 4).reverse(), hex.subarray(4, 6).reverse(), hex.subarray(6, 8).reverse(), hex.subarray(8)]);
}

export function bytesToGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error('a GUID is 16 bytes');
  const hex = Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8),
  ]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The directory ids a certificate (PEM or DER) carries; undefined members when it has none. */
export function directoryIdsOf(certificate: string | Buffer): Partial<DirectoryIds> {
  const der = Buffer.from(new X509Certificate(certificate).raw);
  const tbs = childrenOf(childrenOf(parseDer(der))[0]);
  const extensions = tbs.find((node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && (node.type as number) === EXTENSIONS_TAG);
  const ids: Partial<DirectoryIds> = {};
  for (const extension of childrenOf(childrenOf(extensions)[0])) {
    const parts = childrenOf(extension);
    const id = oidOf(parts[0]);
    if (id !== Oid.msDeviceId && id !== Oid.msUserId) continue;
    // extnValue holds the DER of an OCTET STRING that holds the GUID's bytes.
    const guid = bytesToGuid(fromBinary(bytesOf(parseDer(fromBinary(bytesOf(parts[parts.length - 1]))))));
    if (id === Oid.msDeviceId) ids.deviceId = guid;
    else ids.userId = guid;
  }
  return ids;
}
