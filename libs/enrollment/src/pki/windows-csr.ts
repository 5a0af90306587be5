import { createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import * as forge from 'node-forge';
import { bitString, encodeDer, integerHex, octetString, oid, sequence, sha256WithRsaAlgorithm, tagged } from './asn1';
import { derToPem, toBinary } from './der';
import { Oid } from './oids';

export interface WindowsCsrOptions {
  /** The subject CN as given: Windows' own ends in a NUL, which the caller includes. */
  commonName: string;
  /** Content of the requested extension 1.3.6.1.4.1.311.66.1.0 (Windows: the device id); none when absent. */
  deviceIdExtensionValue?: Buffer;
  /** The key that signs; a fresh RSA-2048 key when absent. */
  privateKey?: KeyObject;
  /** ASN.1 string type of the CN. Windows writes PrintableString even for `!` and NUL, which that type does not allow. */
  commonNameType?: 'utf8' | 'printable';
  /** `sha1-oiw` is what Windows signs with: SHA-1 under the OIW OID 1.3.14.3.2.29, no parameters. */
  signature?: 'sha256' | 'sha1-oiw';
}

const { Class, Type } = forge.asn1;
const set = (children: forge.asn1.Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SET, true, children);

/**
 * A PKCS#10 request shaped like the ones Windows sends (a CN, the device-id extension request), signed
 * natively. The defaults (UTF8String CN, sha256WithRSAEncryption) are a tidy variant; pass
 * `commonNameType: 'printable'` and `signature: 'sha1-oiw'` for the bytes Windows 10 really sends.
 */
export function windowsCsr(opts: WindowsCsrOptions): { pem: string; der: Buffer } {
  const privateKey = opts.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const spki = forge.asn1.fromDer(toBinary(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })));
  const cn =
    opts.commonNameType === 'printable'
      ? forge.asn1.create(Class.UNIVERSAL, Type.PRINTABLESTRING, false, toBinary(Buffer.from(opts.commonName, 'latin1')))
      : forge.asn1.create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(opts.commonName));
  const extensionRequest = opts.deviceIdExtensionValue
    ? [sequence([oid(Oid.extensionRequest), set([sequence([sequence([oid(Oid.msRequestedDeviceId), octetString(opts.deviceIdExtensionValue)])])])])]
    : [];
  const info = sequence([integerHex('00'), sequence([set([sequence([oid(Oid.commonName), cn])])]), spki, tagged(0, true, extensionRequest)]);
  const oiw = opts.signature === 'sha1-oiw';
  const signature = sign(oiw ? 'sha1' : 'sha256', encodeDer(info), privateKey);
  const algorithm = oiw ? sequence([oid(Oid.sha1WithRsaOiw)]) : sha256WithRsaAlgorithm();
  const der = encodeDer(sequence([info, algorithm, bitString(signature)]));
  return { pem: derToPem(der, 'NEW CERTIFICATE REQUEST'), der };
}
