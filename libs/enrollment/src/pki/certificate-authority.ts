import { createHash, createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { childrenOf, octetString } from './asn1';
import { signCertificate } from './certificate-signing';
import { buildCrl, CrlRequest } from './crl';
import { derToPem, toBinary } from './der';
import { formatDistinguishedName, NameField, toForgeAttributes } from './distinguished-name';
import { rsaPublicKeyForms } from './keys';
import { DirectoryIds, guidToBytes } from './directory-ids';
import { Oid } from './oids';
import { toDerIntegerHex } from './serial';

export interface DeviceCertificateRequest {
  publicKey: KeyObject;
  subject: { commonName: string; organizationalUnit?: string };
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  crlUrl: string;
  /** Workplace Join: the directory objects, in the extensions Microsoft's clients read them from. */
  directoryIds?: DirectoryIds;
}

export interface IssuedCertificate {
  pem: string;
  serialHex: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  notBefore: string;
  notAfter: string;
  subject: string;
}

const URI = 6;

/** The enrollment CA: issues device client-auth certificates and signs CRLs, all signatures native. */
export class CertificateAuthority {
  private constructor(
    readonly certPem: string,
    readonly subjectKeyIdentifier: string,
    readonly thumbprintSha256: string,
    private readonly signingKey: KeyObject,
    private readonly issuerName: forge.asn1.Asn1,
  ) {}

  /** Loads the CA certificate and decrypts its key; all parsing happens once, here. */
  static load(certPem: string, encryptedKeyPem: string, passphrase: string): CertificateAuthority {
    let signingKey: KeyObject;
    try {
      signingKey = createPrivateKey({ key: encryptedKeyPem, format: 'pem', passphrase });
    } catch {
      throw new Error('CA private key could not be decrypted: wrong passphrase or corrupt key');
    }
    const x509 = new X509Certificate(certPem);
    if (!x509.ca) throw new Error('CA certificate lacks basicConstraints CA:TRUE');
    if (signingKey.asymmetricKeyType !== 'rsa') throw new Error('CA key must be RSA');
    if (!x509.checkPrivateKey(signingKey)) throw new Error('CA private key does not belong to the CA certificate');

    const asn1 = forge.asn1.fromDer(toBinary(x509.raw));
    const cert = forge.pki.certificateFromAsn1(asn1);
    const tbs = childrenOf(childrenOf(asn1)[0]);
    // v3 certificates start with the [0] version tag, shifting the subject by one
    const subject = tbs[tbs[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 5 : 4];
    const skiExtension: { subjectKeyIdentifier?: string } | undefined = cert.getExtension('subjectKeyIdentifier');
    const ski = skiExtension?.subjectKeyIdentifier ?? rsaPublicKeyForms(x509.publicKey).keyIdentifier.toString('hex');
    return new CertificateAuthority(derToPem(x509.raw, 'CERTIFICATE'), ski, x509.fingerprint256.replace(/:/g, ''), signingKey, subject);
  }

  /** Issues a client-authentication certificate; the subject comes only from the request, never the CSR. */
  issueDeviceCertificate(req: DeviceCertificateRequest): IssuedCertificate {
    if (req.publicKey.type !== 'public' || req.publicKey.asymmetricKeyType !== 'rsa') {
      throw EnrollmentError.permanent(ErrorCode.CsrKeyUnsupported, 'device key must be an RSA public key');
    }
    const notBefore = wholeSeconds(req.notBefore);
    const notAfter = wholeSeconds(req.notAfter);
    if (!(notBefore.getTime() < notAfter.getTime())) invalid('notBefore must be before notAfter');
    if (!/^https?:\/\/[\x21-\x7e]+$/.test(req.crlUrl)) invalid('crlUrl must be an ASCII http(s) URL');
    const serialHex = toSerial(req.serialHex);
    const nameFields: NameField[] = [
      ...(req.subject.organizationalUnit !== undefined ? [{ shortName: 'OU' as const, value: req.subject.organizationalUnit }] : []),
      { shortName: 'CN', value: req.subject.commonName },
    ];

    const { forgeKey, keyIdentifier } = rsaPublicKeyForms(req.publicKey);
    const cert = forge.pki.createCertificate();
    cert.serialNumber = serialHex;
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    cert.publicKey = forgeKey;
    cert.setSubject(toForgeAttributes(nameFields));
    cert.setExtensions([
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
      { name: 'subjectKeyIdentifier', value: octetString(keyIdentifier) },
      // an explicit key id: forge's `keyIdentifier: true` would hash the subject's key, not the CA's
      { name: 'authorityKeyIdentifier', keyIdentifier: forge.util.hexToBytes(this.subjectKeyIdentifier) },
      { name: 'cRLDistributionPoints', altNames: [{ type: URI, value: req.crlUrl }] },
      ...directoryIdExtensions(req.directoryIds),
    ]);
    const der = signCertificate(cert, this.signingKey, this.issuerName);
    return {
      pem: derToPem(der, 'CERTIFICATE'),
      serialHex,
      thumbprintSha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
      thumbprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      subject: formatDistinguishedName(nameFields),
    };
  }

  /** Signs a CRL (DER) listing the given revoked serials. */
  signCrl(opts: CrlRequest): Buffer {
    const keyIdentifier = Buffer.from(this.subjectKeyIdentifier, 'hex');
    return buildCrl({ name: this.issuerName, keyIdentifier, signingKey: this.signingKey }, opts);
  }
}

function directoryIdExtensions(ids: DirectoryIds | undefined): Array<{ id: string; value: forge.asn1.Asn1 }> {
  if (!ids) return [];
  const extensions: Array<{ id: string; value: forge.asn1.Asn1 }> = [{ id: Oid.msDeviceId, value: octetString(guidToBytes(ids.deviceId)) }];
  if (ids.userId) extensions.push({ id: Oid.msUserId, value: octetString(guidToBytes(ids.userId)) });
  return extensions;
}

function wholeSeconds(date: Date): Date {
  // certificates carry whole seconds; report exactly what is encoded
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function toSerial(hex: string): string {
  try {
    return toDerIntegerHex(hex);
  } catch (error) {
    return invalid(`certificate serial is invalid: ${(error as Error).message}`);
  }
}

function invalid(message: string): never {
  throw EnrollmentError.permanent(ErrorCode.ValidationFailed, message);
}
