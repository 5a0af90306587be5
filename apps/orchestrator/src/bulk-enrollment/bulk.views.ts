import { z } from 'zod';
import { BulkTokenRecord, bulkTokenState, MdmEnrollment, ProvisioningPackageRecord } from '@app/enrollment';
import { described, pageShape, responseShape } from '../http/api-responses';
import { MdmEnrollmentView } from '../requests/request.views';

export const BulkTokenViewSchema = responseShape(
  'BulkToken',
  z.object({
    id: z.uuid(),
    state: z.enum(['active', 'expired', 'revoked', 'exhausted']),
    expiresAt: z.string(),
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  }),
  'A bulk token as admins see it: never its value',
);

export const BulkTokenCreatedSchema = responseShape(
  'BulkTokenCreated',
  z.object({
    id: z.uuid(),
    token: described(z.string(), 'The bulk token: shown in this answer only, never again'),
    expiresAt: z.string(),
    maxUses: z.number().int().nullable(),
  }),
);

export const PackageViewSchema = responseShape(
  'ProvisioningPackage',
  z.object({
    id: z.uuid(),
    version: z.string(),
    createdAt: z.string(),
    name: z.string(),
    deviceNameTemplate: z.string(),
    productKey: z.string().optional(),
    sharedUse: z.boolean().optional(),
    removePreinstalledSoftware: z.boolean().optional(),
    hideOobe: z.boolean().optional(),
    wifi: z
      .object({
        ssid: z.string(),
        networkType: z.enum(['open', 'wpa2-personal', 'certificate']),
        certificateTarget: z.enum(['device', 'user']).optional(),
        autoConnect: z.boolean().optional(),
        hidden: z.boolean().optional(),
        hasKey: described(z.boolean(), 'Whether a pre-shared key is set; the key itself is never shown'),
      })
      .optional(),
    apps: z.array(z.object({ name: z.string(), installer: z.string(), commandLine: z.string() })).optional(),
    certificates: z.array(z.object({ name: z.string(), path: z.string(), store: z.enum(['root', 'ca']) })).optional(),
    mdmEnrollment: described(
      z.object({ userPrincipalName: z.string() }),
      'Present when devices enroll into this service (MS-MDE2) as this service account, not into Entra ID',
    ).optional(),
    bulkTokenId: z.uuid(),
    customizationsXmlUrl: z.string(),
  }),
  'A provisioning package as admins see it: no Wi-Fi key, no token',
);

export const BulkTokenPageSchema = pageShape('BulkTokenPage', BulkTokenViewSchema);
export const PackagePageSchema = pageShape('ProvisioningPackagePage', PackageViewSchema);

/** A bulk token as admins see it: never its value. */
export function bulkTokenView(token: BulkTokenRecord, now = Date.now()): z.infer<typeof BulkTokenViewSchema> {
  return {
    id: token.id,
    state: bulkTokenState(token, now),
    expiresAt: new Date(token.expiresAt).toISOString(),
    maxUses: token.maxUses ?? null,
    uses: token.uses,
    createdAt: new Date(token.createdAt).toISOString(),
    revokedAt: token.revokedAt === undefined ? undefined : new Date(token.revokedAt).toISOString(),
  };
}

/** A package as admins see it: no Wi-Fi key, no token. */
export function packageView(record: ProvisioningPackageRecord): z.infer<typeof PackageViewSchema> {
  const { passwordHash, wifi, ...fields } = record;
  return {
    ...fields,
    wifi: wifi && wifiView(wifi),
    customizationsXmlUrl: `/v1/provisioning-packages/${record.id}/customizations.xml`,
  };
}

function wifiView({ key, ...settings }: NonNullable<ProvisioningPackageRecord['wifi']>) {
  return { ...settings, hasKey: key !== undefined };
}

export function mdmEnrollmentView(enrollment: MdmEnrollment): MdmEnrollmentView {
  const { id, enrollmentType, userless, managementAgent, conditionalAccessEligible, osBuild, enrolledAt } = enrollment;
  return { id, enrollmentType, userless, managementAgent, conditionalAccessEligible, osBuild, enrolledAt };
}
