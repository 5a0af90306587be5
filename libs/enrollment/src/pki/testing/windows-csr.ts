import { createPublicKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import * as forge from 'node-forge';
import { bitString, encodeDer, integerHex, octetString, oid, sequence, sha256WithRsaAlgorithm, tagged } from '../asn1';
import { derToPem, toBinary } from '../der';
import { Oid } from '../oids';

export interface WindowsCsrOptions {
  commonName: string;
  deviceIdExtensionValue?: Buffer;
  privateKey?: KeyObject;
}

const { Class, Type } = forge.asn1;
const set = (children: forge.asn1.Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SET, true, children);

/** A CSR shaped like the ones Windows sends (UTF8String CN, device-id extension request), signed natively. */
export function windowsCsr(opts: WindowsCsrOptions): { pem: string; der: Buffer } {
  const privateKey = opts.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const spki = forge.asn1.fromDer(toBinary(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })));
  const cn = forge.asn1.create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(opts.commonName));
  const extensionRequest = opts.deviceIdExtensionValue
    ? [
        sequence([
          oid(Oid.extensionRequest),
          set([sequence([sequence([oid(Oid.msRequestedDeviceId), octetString(opts.deviceIdExtensionValue)])])]),
        ]),
      ]
    : [];
  const info = sequence([
    integerHex('00'),
    sequence([set([sequence([oid(Oid.commonName), cn])])]),
    spki,
    tagged(0, true, extensionRequest),
  ]);
  const signature = sign('sha256', encodeDer(info), privateKey);
  const der = encodeDer(sequence([info, sha256WithRsaAlgorithm(), bitString(signature)]));
  return { pem: derToPem(der, 'NEW CERTIFICATE REQUEST'), der };
}
