import { z } from 'zod';
import { CertificateRecord, DeviceInventory, DeviceObject, INVENTORY_NODES, ManagedDevice, RequestRecord, RequestStatus } from '@app/enrollment';
import { described, responseShape } from '../http/api-responses';

/* The JSON shapes the API answers with; stored records are never returned as they are. Each view is typed
 * by the schema the OpenAPI document shows, so the two cannot drift apart. */

const RequestStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);
const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });

export const AcceptedRequestSchema = responseShape(
  'AcceptedRequest',
  z.object({ requestId: z.uuid(), status: RequestStatusSchema, statusUrl: described(z.string(), 'GET it until status is succeeded or failed') }),
  'The request was recorded and queued',
);

export const DeviceManagementViewSchema = responseShape(
  'DeviceManagement',
  z.object({
    mdmDeviceId: described(z.string().optional(), 'The MDM DeviceID the device names itself by in its sessions (from its first session on)'),
    lastCheckInAt: z.string().optional(),
    sessions: described(z.number().int(), 'Management sessions the device opened'),
    inventory: described(
      z.object({
        osVersion: z.string().optional(),
        osPlatform: z.string().optional(),
        manufacturer: z.string().optional(),
        model: z.string().optional(),
        firmwareVersion: z.string().optional(),
        hardwareVersion: z.string().optional(),
        serialNumber: z.string().optional(),
        deviceName: z.string().optional(),
        language: z.string().optional(),
        dmClientVersion: z.string().optional(),
      }),
      'Read from ./DevInfo and ./DevDetail; each field only when the device gave it',
    ).optional(),
    inventoryAt: z.string().optional(),
    unenrollRequestedAt: described(z.string(), "An administrator's unenrollment, not yet acknowledged by the device").optional(),
    unenrolledAt: z.string().optional(),
    unenrollReason: z.enum(['device', 'admin', 'forced']).optional(),
  }),
  'What the management server knows of a device enrolled over MS-MDE2',
);

export const DeviceViewSchema = responseShape(
  'Device',
  z.object({
    id: described(z.uuid(), 'The directory object id (also the subject of its certificate)'),
    deviceId: z.string(),
    displayName: z.string(),
    trustType: z.enum(['Workplace', 'AzureAd']),
    status: z.enum(['active', 'removed']),
    userPrincipalName: z.string().optional(),
    domain: z.string().optional(),
    osVersion: z.string(),
    serialNumber: z.string().optional(),
    hardwareId: z.string().optional(),
    packageId: z.string().optional(),
    enrollmentType: z.string().optional(),
    sccm: described(
      z.object({
        resourceId: z.number().int().optional(),
        smbiosGuid: z.string().optional(),
        serialNumber: z.string().optional(),
        name: z.string().optional(),
        adSite: z.string().optional(),
      }),
      "Configuration Manager's identifiers, from its hook or its inventory",
    ).optional(),
    certificate: z.object({ serialNumber: z.string(), thumbprint: described(z.string(), 'SHA-1, as Windows shows it'), notAfter: z.string() }),
    registeredAt: z.string(),
    removedAt: z.string().optional(),
    requestId: z.uuid(),
    management: DeviceManagementViewSchema.optional(),
    eventsUrl: z.string(),
  }),
  'A directory device object: one per user@device (Workplace Join) or per package and serial number (bulk)',
);

export const CertificateViewSchema = responseShape(
  'Certificate',
  z.object({
    serialNumber: z.string(),
    subject: z.string(),
    thumbprint: described(z.string(), 'SHA-1'),
    thumbprintSha256: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    status: z.enum(['valid', 'revoked']),
    revokedAt: z.string().optional(),
    pem: z.string(),
  }),
  'A device certificate issued by the service CA',
);

export const MdmEnrollmentViewSchema = responseShape(
  'MdmEnrollment',
  z.object({
    id: z.string(),
    enrollmentType: z.enum(['windowsBulkAzureDomainJoin', 'windowsBulkUserless']),
    userless: z.literal(true),
    managementAgent: z.literal('mdm'),
    conditionalAccessEligible: z.boolean(),
    osBuild: z.number().int(),
    enrolledAt: z.string(),
  }),
);

export const RequestViewSchema = responseShape(
  'Request',
  z.object({
    requestId: z.uuid(),
    flow: z.enum(['workplace-join', 'workplace-leave', 'bulk-enrollment']),
    status: RequestStatusSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
    subject: described(z.record(z.string(), z.string()), 'Who and what the request is about (upn, deviceId, deviceName, …)'),
    steps: z.array(
      z.object({
        name: z.string(),
        status: z.enum(['pending', 'running', 'succeeded', 'failed']),
        attempts: z.number().int(),
        startedAt: z.string().optional(),
        finishedAt: z.string().optional(),
        error: ErrorInfoSchema.optional(),
      }),
    ),
    error: ErrorInfoSchema.optional(),
    device: DeviceViewSchema.optional(),
    certificate: CertificateViewSchema.optional(),
    mdmEnrollment: MdmEnrollmentViewSchema.optional(),
    eventsUrl: z.string(),
  }),
  'A request, its steps with their attempts and errors, and what it made',
);

/** A device that already has what it asks for: `200` with its objects instead of a new request. */
export const ExistingRegistrationSchema = responseShape(
  'ExistingRegistration',
  z.object({
    requestId: z.uuid(),
    status: z.literal('succeeded'),
    device: DeviceViewSchema,
    certificate: CertificateViewSchema.optional(),
    mdmEnrollment: MdmEnrollmentViewSchema.optional(),
  }),
  'Already registered: the device object and certificate it has',
);

export type AcceptedRequestView = z.infer<typeof AcceptedRequestSchema>;
export type DeviceView = z.infer<typeof DeviceViewSchema>;
export type CertificateView = z.infer<typeof CertificateViewSchema>;
export type MdmEnrollmentView = z.infer<typeof MdmEnrollmentViewSchema>;
export type ExistingRegistrationView = z.infer<typeof ExistingRegistrationSchema>;

export function acceptedView(requestId: string, status: RequestStatus): AcceptedRequestView {
  return { requestId, status, statusUrl: `/v1/requests/${requestId}` };
}

/** The device object, with its management record when it has one (never its nonce). */
export function deviceView(device: DeviceObject, managed?: ManagedDevice | null): DeviceView {
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
    management: managed ? managementView(managed) : undefined,
    eventsUrl: `/v1/devices/${device.id}/events`,
  };
}

function managementView(managed: ManagedDevice): z.infer<typeof DeviceManagementViewSchema> {
  return {
    mdmDeviceId: managed.mdmDeviceId,
    lastCheckInAt: managed.lastCheckInAt,
    sessions: managed.sessions,
    inventory: managed.inventory && pick(managed.inventory, Object.keys(INVENTORY_NODES) as Array<keyof DeviceInventory>),
    inventoryAt: managed.inventoryAt,
    unenrollRequestedAt: managed.unenrollRequestedAt,
    unenrolledAt: managed.unenrolledAt,
    unenrollReason: managed.unenrollReason,
  };
}

function pick<T extends object>(record: T, fields: Array<keyof T>): Partial<T> {
  return Object.fromEntries(fields.filter((field) => record[field] !== undefined).map((field) => [field, record[field]])) as Partial<T>;
}

export function certificateView(certificate: CertificateRecord): CertificateView {
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
  mdmEnrollment: MdmEnrollmentView | undefined,
): z.infer<typeof RequestViewSchema> {
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
