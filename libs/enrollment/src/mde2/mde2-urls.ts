/** The DM server's PROVIDER-ID in the provisioning document, and the DMClient/Provider node Windows creates for it. */
export const MDM_PROVIDER_ID = 'EnrollmentOrchestrator';

/** Where Windows finds each MS-MDE2 service and the management server, under the service's public URL. */
export function mde2Urls(publicUrl: string) {
  return {
    discovery: `${publicUrl}/EnrollmentServer/Discovery.svc`,
    policy: `${publicUrl}/EnrollmentServer/Policy.svc`,
    enrollment: `${publicUrl}/EnrollmentServer/Enrollment.svc`,
    management: `${publicUrl}/ManagementServer/MDM.svc`,
  };
}
