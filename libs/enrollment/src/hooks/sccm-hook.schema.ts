import { z } from 'zod';
import { BulkEnrollmentBodySchema } from '../bulk-store/bulk-enrollment.schema';
import { Guid, WorkplaceJoinBodySchema } from '../workplace-join/workplace-join.schema';

/** Configuration Manager's own identifiers of the device, kept on the request and the device object. */
export const SccmIdentifiersSchema = z
  .object({
    resourceId: z.number().int().nonnegative().optional(),
    // Kept as Configuration Manager writes it (upper case), unlike device ids, which are normalised.
    smbiosGuid: z
      .string()
      .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')
      .optional(),
    serialNumber: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(64).optional(),
    adSite: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SccmIdentifiers = z.infer<typeof SccmIdentifiersSchema>;

const Upn = z
  .string()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be a user principal name such as alice@contoso.com')
  .transform((upn) => upn.toLowerCase());

const HookBase = z.object({
  eventId: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  sccm: SccmIdentifiersSchema.optional(),
});

/**
 * Body of POST /v1/hooks/sccm: the fields of the matching device endpoint, plus the event id and action.
 * The hook's signature vouches for the user of a workplace-join, in place of an AD FS token.
 */
export const SccmHookBodySchema = z.discriminatedUnion('action', [
  HookBase.extend(WorkplaceJoinBodySchema.shape).extend({ action: z.literal('workplace-join'), userPrincipalName: Upn }),
  HookBase.extend({ action: z.literal('leave'), userPrincipalName: Upn, deviceId: Guid }),
  HookBase.extend(BulkEnrollmentBodySchema.shape).extend({ action: z.literal('bulk-enroll') }),
]);
export type SccmHookBody = z.infer<typeof SccmHookBodySchema>;

/** The issuer recorded on identities vouched for by a signed hook rather than by AD FS. */
export const SCCM_HOOK_ISSUER = 'urn:enrollment-orchestrator:sccm-hook';
