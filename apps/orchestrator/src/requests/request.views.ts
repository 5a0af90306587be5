import { CertificateRecord, DeviceObject, RequestRecord } from '@app/enrollment';

/** The JSON shapes the API answers with; stored records are never returned as they are. */
export function acceptedView(requestId: string, status: string) {
  return { requestId, status, statusUrl: `/v1/requests/${requestId}` };
}

export function deviceView(device: DeviceObject) {
  return {
    id: device.id,
    deviceId: device.deviceId,
    displayName: device.displayName,
    trustType: device.trustType,
    status: device.status,
    userPrincipalName: device.userPrincipalName,
    domain: device.domain,
    osVersion: device.osVersion,
    serialNumber: device.serialNumber,
    hardwareId: device.hardwareId,
    packageId: device.packageId,
    enrollmentType: device.enrollmentType,
    sccm: device.sccm,
    certificate: device.certificate,
    registeredAt: device.registeredAt,
    removedAt: device.removedAt,
    requestId: device.requestId,
    eventsUrl: `/v1/devices/${device.id}/events`,
  };
}

export function certificateView(certificate: CertificateRecord) {
  return {
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    thumbprint: certificate.thumbprintSha1,
    thumbprintSha256: certificate.thumbprintSha256,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    status: certificate.status,
    revokedAt: certificate.revokedAt,
    pem: certificate.pem,
  };
}

export function requestView(
  request: RequestRecord,
  device: DeviceObject | null,
  certificate: CertificateRecord | null,
  mdmEnrollment: object | undefined,
) {
  return {
    requestId: request.id,
    flow: request.flow,
    status: request.status,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    finishedAt: request.finishedAt,
    subject: request.subject,
    steps: request.steps,
    error: request.error,
    device: device ? deviceView(device) : undefined,
    certificate: certificate ? certificateView(certificate) : undefined,
    mdmEnrollment,
    eventsUrl: `/v1/events?requestId=${request.id}`,
  };
}
