import { z } from 'zod';

/**
 * The rules for every field the service accepts, whichever endpoint, hook, import or job carries it, so
 * that one field is never refused at one door and let in at another.
 *
 * Text must be text: no control characters (C0, DEL, C1: NUL and ESC among them), no lone surrogate and no
 * noncharacter (U+FFFE, U+FFFF, …). None of them can be written in XML 1.0, a terminal shows some as
 * commands, and a NUL ends a string in the Windows APIs that read these values back.
 */
const TEXT = /^[^\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]*$/u;
const TEXT_MESSAGE = 'must not contain control characters, lone surrogates or noncharacters';

/** Free text of `min`..`max` characters. */
export function safeText(min: number, max: number) {
  return z
    .string()
    .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .regex(TEXT, TEXT_MESSAGE);
}

/** Free text whose length other rules decide. */
export const SafeText = z.string().regex(TEXT, TEXT_MESSAGE);

/** Identifiers that travel in headers, file names and CSV cells: printable ASCII, no spaces. */
export function asciiToken(max: number) {
  return z
    .string()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
}

export const Guid = z
  .string()
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, 'must be a GUID')
  .transform((value) => value.replace(/[{}]/g, '').toLowerCase());

/** Configuration Manager's SMBIOS GUID, kept as it writes it (upper case), unlike device ids. */
export const SmbiosGuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');

/** Configuration Manager's ResourceID: a positive 32-bit integer. */
export const SccmResourceId = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(2 ** 31 - 1, 'is too large');

/** NetBIOS computer names: at most 15 characters. */
export const NetbiosName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/, 'must be a NetBIOS computer name (1-15 letters, digits, dots, hyphens, underscores)');

export const DomainName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a DNS or NetBIOS domain name');

/** An Active Directory site name. */
export const AdSiteName = safeText(1, 64);

/** A device's serial number as its firmware reports it (SMBIOS), also the key of `%SERIAL%` names. */
export const SerialNumber = asciiToken(64);

export const HardwareId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

export const OsVersion = z.string().regex(/^\d{1,5}(\.\d{1,5}){1,3}$/, 'must be a Windows version such as 6.1.7601 or 10.0.17134');

/**
 * A PKCS#10 request as PEM or base64 DER; its content is checked by the certificate step. A private key
 * sent by mistake is refused here, so that it is never stored with the request or its job.
 */
export const CsrText = z
  .string()
  .min(1, 'is required')
  .max(16384, 'is larger than 16 KiB')
  .refine((value) => !value.includes('PRIVATE KEY-----'), 'holds a private key: send the certificate request only, and make a new key');

const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?';
const UPN_PATTERN = new RegExp(`^[^\\s@\\p{Cc}\\p{Cs}\\p{Noncharacter_Code_Point}]{1,256}@${DNS_LABEL}(?:\\.${DNS_LABEL})+$`, 'u');

/** Whether `value` is a user principal name such as alice@contoso.com (its suffix a DNS name). */
export function isUpn(value: string): boolean {
  return value.length <= 320 && UPN_PATTERN.test(value);
}

/** A user principal name, compared without regard to case as Active Directory does. */
export const Upn = z
  .string()
  .refine(isUpn, 'must be a user principal name such as alice@contoso.com')
  .transform((upn) => upn.toLowerCase());

/** The DeviceID a Windows MDM client reports of itself (MS-MDE2): a GUID or similar, with or without braces. */
export const MdmDeviceId = z.string().regex(/^[A-Za-z0-9{}-]{1,64}$/, 'must be 1-64 letters, digits, hyphens or braces');

/** A MAC address: 12 hex digits, in pairs optionally separated by ':' or '-'. */
export const MacAddress = z.string().regex(/^[0-9A-Fa-f]{2}(?:[:-]?[0-9A-Fa-f]{2}){5}$/, 'must be a MAC address of 12 hex digits, such as 00:1A:2B:3C:4D:5E');

/** A certificate serial number as this service writes it: hex, at most 20 bytes (RFC 5280). */
export const CertificateSerial = z
  .string()
  .regex(/^[0-9A-Fa-f]{1,40}$/, 'must be a certificate serial number in hex (at most 20 bytes)')
  .transform((value) => value.toLowerCase());
