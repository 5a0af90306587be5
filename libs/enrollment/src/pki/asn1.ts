import * as forge from 'node-forge';
import { fromBinary, toBinary } from './der';

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

// The typings only expose the boolean overload; the options object is what turns off BIT STRING sniffing.
const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean }) => Asn1;

/** Strictly parses one DER element; BIT STRINGs stay raw (first byte = unused bits). */
export function parseDer(der: Buffer): Asn1 {
  return fromDer(toBinary(der), { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

/** Serialises a forge ASN.1 tree to DER. */
export function encodeDer(node: Asn1): Buffer {
  return fromBinary(forge.asn1.toDer(node).getBytes());
}

/** The children of a constructed node, or an error if it is primitive. */
export function childrenOf(node: Asn1 | undefined): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 element');
  return node.value;
}

/** The raw content bytes of a primitive node. */
export function bytesOf(node: Asn1 | undefined): string {
  if (!node || typeof node.value !== 'string') throw new Error('expected a primitive ASN.1 element');
  return node.value;
}

/** True when the node is the UNIVERSAL type given. */
export function isUniversal(node: Asn1 | undefined, type: forge.asn1.Type): node is Asn1 {
  return !!node && node.tagClass === Class.UNIVERSAL && node.type === type;
}

/** Dotted OID of an OBJECT IDENTIFIER node. */
export function oidOf(node: Asn1 | undefined): string {
  if (!isUniversal(node, Type.OID)) throw new Error('expected an OBJECT IDENTIFIER');
  return forge.asn1.derToOid(bytesOf(node));
}

/** Builds SEQUENCE. */
export const sequence = (children: Asn1[]): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);

/** Builds OBJECT IDENTIFIER. */
export const oid = (dotted: string): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());

/** Builds INTEGER from already-canonical DER content hex (see toDerIntegerHex). */
export const integerHex = (hex: string): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(hex));

/** Builds OCTET STRING. */
export const octetString = (bytes: Buffer): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBinary(bytes));

/** Builds BIT STRING with no unused bits. */
export const bitString = (bytes: Buffer): Asn1 => forge.asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, '\x00' + toBinary(bytes));

/** Builds a context-specific tagged element. */
export const tagged = (tag: number, constructed: boolean, value: string | Asn1[]): Asn1 =>
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- forge types every tag as a UNIVERSAL type; a context-specific one is a plain number
  forge.asn1.create(Class.CONTEXT_SPECIFIC, tag, constructed, value);

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Asn1 {
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? forge.asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(date))
    : forge.asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, forge.asn1.dateToGeneralizedTime(date));
}

/** AlgorithmIdentifier for sha256WithRSAEncryption (parameters NULL). */
export const sha256WithRsaAlgorithm = (): Asn1 =>
  sequence([oid(forge.pki.oids.sha256WithRSAEncryption), forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]);
