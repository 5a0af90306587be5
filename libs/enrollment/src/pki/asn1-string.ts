import * as forge from 'node-forge';
import { fromBinary } from './der';

const UTF8 = forge.asn1.Type.UTF8;
const BMP = forge.asn1.Type.BMPSTRING;
// Numeric, Printable, Teletex, IA5, Visible: single-byte strings taken as Latin-1
const SINGLE_BYTE = new Set([18, 19, 20, 22, 26]);

/** Text of an X.520 DirectoryString-like value, or undefined for types it does not handle. */
export function decodeDirectoryString(node: forge.asn1.Asn1 | undefined): string | undefined {
  if (node?.tagClass !== forge.asn1.Class.UNIVERSAL || typeof node.value !== 'string') return undefined;
  if (node.type === UTF8) return fromBinary(node.value).toString('utf8');
  // forge has already turned BMPString (UTF-16BE) into a JS string; single-byte strings are binary strings
  if (node.type === BMP || SINGLE_BYTE.has(node.type)) return node.value;
  return undefined;
}
