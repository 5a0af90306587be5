import * as forge from 'node-forge';
import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { Oid } from './oids';

/** One attribute of a name we issue, most significant first. */
export interface NameField {
  shortName: 'CN' | 'O' | 'OU';
  value: string;
}

const TYPES: Record<NameField['shortName'], string> = {
  CN: Oid.commonName,
  O: Oid.organizationName,
  OU: Oid.organizationalUnitName,
};

/** forge subject attributes, all UTF8String (PrintableString cannot hold e.g. '!' in Windows CNs). */
export function toForgeAttributes(fields: NameField[]): forge.pki.CertificateField[] {
  return fields.map(({ shortName, value }) => {
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    if (!value || /[\x00-\x1f\x7f]/.test(value)) {
      throw EnrollmentError.permanent(ErrorCode.ValidationFailed, `subject ${shortName} must be non-empty text`);
    }
    // forge's typings call this a Class, but it is the ASN.1 string type of the value
    return { type: TYPES[shortName], value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
  });
}

/** RFC 4514 string form (most specific first), e.g. `CN=device,OU=fleet`. */
export function formatDistinguishedName(fields: NameField[]): string {
  return [...fields]
    .reverse()
    .map(({ shortName, value }) => `${shortName}=${escapeValue(value)}`)
    .join(',');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, '\\$&')
    .replace(/^[#\s]/, '\\$&')
    .replace(/\s$/, '\\ ');
}
