import { z } from 'zod';
import { CsrText, Guid, HardwareId, OsVersion, SerialNumber } from '../validation/field-rules';

/** Body of POST /v1/bulk-enrollments, sent by a device that applied a provisioning package. */
export const BulkEnrollmentBodySchema = z.object({
  packageId: Guid,
  serialNumber: SerialNumber,
  hardwareId: HardwareId.optional(),
  osVersion: OsVersion,
  csr: CsrText,
});
export type BulkEnrollmentBody = z.infer<typeof BulkEnrollmentBodySchema>;
