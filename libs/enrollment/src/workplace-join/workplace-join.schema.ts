import { z } from 'zod';

export const Guid = z
  .string()
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, 'must be a GUID')
  .transform((value) => value.replace(/[{}]/g, '').toLowerCase());

/** Windows 7 NetBIOS computer names: at most 15 characters. */
export const NetbiosName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/, 'must be a NetBIOS computer name (1-15 letters, digits, dots, hyphens, underscores)');

export const DomainName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a DNS or NetBIOS domain name');

export const OsVersion = z.string().regex(/^\d{1,5}(\.\d{1,5}){1,3}$/, 'must look like 6.1.7601');

/** A PKCS#10 request as PEM or base64 DER; its content is checked by the certificate step. */
export const CsrText = z.string().min(1, 'is required').max(16384, 'is larger than 16 KiB');

/** Body of POST /v1/workplace-joins, sent by the scheduled task at each domain user's logon. */
export const WorkplaceJoinBodySchema = z.object({
  deviceId: Guid,
  deviceName: NetbiosName,
  domain: DomainName,
  osVersion: OsVersion,
  csr: CsrText,
});
export type WorkplaceJoinBody = z.infer<typeof WorkplaceJoinBodySchema>;

/** What the API learnt from a verified AD FS token; the token itself never leaves the API process. */
export const VerifiedIdentitySchema = z.object({
  upn: z.string().min(3).max(320),
  issuer: z.string().min(1),
  keyId: z.string().optional(),
  expiresAt: z.string(),
});
export type VerifiedIdentity = z.infer<typeof VerifiedIdentitySchema>;
