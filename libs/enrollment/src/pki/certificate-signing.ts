import { KeyObject, sign } from 'node:crypto';
import * as forge from 'node-forge';
import { childrenOf, encodeDer } from './asn1';
import { toBinary } from './der';

// getTBSCertificate exists in node-forge but is missing from its typings
const getTbsCertificate = (forge.pki as unknown as { getTBSCertificate(this: void, cert: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate;
const TBS_ISSUER_INDEX = 3;

/** Signs a forge-built certificate with SHA-256/RSA through Node crypto and returns its DER. */
export function signCertificate(cert: forge.pki.Certificate, signingKey: KeyObject, issuerName?: forge.asn1.Asn1): Buffer {
  cert.siginfo.algorithmOid = cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  const tbs = getTbsCertificate(cert);
  // forge re-encodes names from decoded attributes; splicing the CA's own bytes keeps issuer == CA subject exactly
  if (issuerName) childrenOf(tbs)[TBS_ISSUER_INDEX] = issuerName;
  cert.tbsCertificate = tbs;
  cert.signature = toBinary(sign('sha256', encodeDer(tbs), signingKey));
  return encodeDer(forge.pki.certificateToAsn1(cert));
}
