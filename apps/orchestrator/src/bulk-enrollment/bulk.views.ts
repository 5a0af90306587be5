import { BulkTokenRecord, bulkTokenState, MdmEnrollment, ProvisioningPackageRecord } from '@app/enrollment';

/** A bulk token as admins see it: never its value. */
export function bulkTokenView(token: BulkTokenRecord, now = Date.now()) {
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
export function packageView(record: ProvisioningPackageRecord) {
  const { passwordHash, wifi, ...fields } = record;
  return {
    ...fields,
    wifi: wifi && { ...wifi, key: undefined, hasKey: wifi.key !== undefined },
    customizationsXmlUrl: `/v1/provisioning-packages/${record.id}/customizations.xml`,
  };
}

export function mdmEnrollmentView(enrollment: MdmEnrollment) {
  const { id, enrollmentType, userless, managementAgent, conditionalAccessEligible, osBuild, enrolledAt } = enrollment;
  return { id, enrollmentType, userless, managementAgent, conditionalAccessEligible, osBuild, enrolledAt };
}
