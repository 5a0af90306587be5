import { generateKeyPairSync } from 'node:crypto';
import * as forge from 'node-forge';
import { DRS_DEVICE_ID_OID, DRS_USER_ID_OID, guidExtensionOf } from './device-certificate';
import { windowsGuidBytes } from './testing/fake-device-registration-service';

const GUID = '2b6a0d4e-55a5-4b8c-9d44-2c6f3f4e9a10';

function certificateWith(extensions: Array<{ id: string; value: string }>): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.setSubject([{ name: 'commonName', value: 'x' }]);
  cert.setIssuer([{ name: 'commonName', value: 'x' }]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

describe(guidExtensionOf.name, () => {
  const octetString = (bytes: string) => forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, bytes)).getBytes();

  it.each([
    ['16 bytes in Windows order', windowsGuidBytes(GUID)],
    ['those bytes in an OCTET STRING', octetString(windowsGuidBytes(GUID))],
    ['the GUID as text', GUID.toUpperCase()],
    ['the GUID as text in braces, in an OCTET STRING', octetString(`{${GUID}}`)],
  ])('reads %s', (_, value) => {
    expect(guidExtensionOf(certificateWith([{ id: DRS_DEVICE_ID_OID, value }]), DRS_DEVICE_ID_OID)).toBe(GUID);
  });

  it('tells the device extension from the user one', () => {
    const der = certificateWith([{ id: DRS_USER_ID_OID, value: windowsGuidBytes(GUID) }]);

    expect(guidExtensionOf(der, DRS_DEVICE_ID_OID)).toBeUndefined();
    expect(guidExtensionOf(der, DRS_USER_ID_OID)).toBe(GUID);
  });

  it('is undefined for a value that is no GUID', () => {
    expect(guidExtensionOf(certificateWith([{ id: DRS_DEVICE_ID_OID, value: 'PC-1' }]), DRS_DEVICE_ID_OID)).toBeUndefined();
  });
});
