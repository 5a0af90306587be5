import { createHash } from 'node:crypto';

export interface DvrjRegisterResponse {
  Certificate: { Thumbprint: string; RawBody: string };
  User: { Upn: string };
  MembershipChanges: Array<{ LocalSID: string; AddSIDs: string[] }>;
}

/** The MS-DVRJ register answer: the device certificate (base64 DER, SHA-1 thumbprint) and the user it is for. */
export function renderRegisterResponse(certificateDer: Buffer, upn: string): DvrjRegisterResponse {
  return {
    Certificate: { Thumbprint: createHash('sha1').update(certificateDer).digest('hex').toUpperCase(), RawBody: certificateDer.toString('base64') },
    User: { Upn: upn },
    // Workplace registration changes no local group membership. The schema in the specification names one object;
    // the services and clients in use write and read a list of them, so an empty list says "none" to both.
    MembershipChanges: [],
  };
}
