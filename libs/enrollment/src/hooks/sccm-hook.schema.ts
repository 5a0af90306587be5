import { z } from 'zod';
import { BulkEnrollmentBodySchema } from '../bulk/bulk-enrollment.schema';
import { asciiToken, AdSiteName, Guid, NetbiosName, SccmResourceId, SerialNumber, SmbiosGuid, Upn } from '../validation/field-rules';
import { WorkplaceJoinBodySchema } from '../workplace-join/workplace-join.schema';

/** Configuration Manager's own identifiers of the device, kept on the request and the device object. */
export const SccmIdentifiersSchema = z
  .object({
    resourceId: SccmResourceId.optional(),
    smbiosGuid: SmbiosGuid.optional(),
    serialNumber: SerialNumber.optional(),
    name: NetbiosName.optional(),
    adSite: AdSiteName.optional(),
  })
  .strict();
export type SccmIdentifiers = z.infer<typeof SccmIdentifiersSchema>;

const HookBase = z.object({
  eventId: asciiToken(128),
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
