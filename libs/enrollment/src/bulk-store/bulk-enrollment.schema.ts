import { z } from 'zod';
import { CsrText, Guid } from '../workplace-join/workplace-join.schema';

/** Body of POST /v1/bulk-enrollments, sent by a device that applied a provisioning package. */
export const BulkEnrollmentBodySchema = z.object({
  packageId: Guid,
  serialNumber: z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  hardwareId: z.string().min(1).max(256).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').optional(),
  osVersion: z.string().regex(/^\d{1,5}(\.\d{1,5}){1,3}$/, 'must look like 10.0.17134'),
  csr: CsrText,
});
export type BulkEnrollmentBody = z.infer<typeof BulkEnrollmentBodySchema>;
