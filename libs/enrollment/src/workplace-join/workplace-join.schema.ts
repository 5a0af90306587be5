import { z } from 'zod';
import { CsrText, DomainName, Guid, NetbiosName, OsVersion, Upn } from '../validation/field-rules';

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
  upn: Upn,
  issuer: z.string().min(1),
  keyId: z.string().optional(),
  expiresAt: z.string(),
});
export type VerifiedIdentity = z.infer<typeof VerifiedIdentitySchema>;

/**
 * The issuer recorded on the identity of a leave that an administrator asked for (a lost or stolen
 * device is revoked): the admin key authorised it, not the user's token.
 */
export const ADMIN_ISSUER = 'urn:enrollment-orchestrator:admin';
