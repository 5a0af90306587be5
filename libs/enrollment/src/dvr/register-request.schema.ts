import { z } from 'zod';

/** MS-DVRJ JoinType of a workplace registration: the only kind this service performs. */
export const WORKPLACE_JOIN_TYPE = 4;
/** The MS-DVRJ api-version values of register. */
export const DVRJ_API_VERSIONS = ['1.0', '2.0'] as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const text = (max: number) => z.string().max(max);

/**
 * Body of the MS-DVRJ register request (POST …/EnrollmentServer/device/). Unknown members (AikCertificate,
 * AttestationData, later additions) are accepted and ignored, as clients of newer versions send them.
 */
export const DvrjRegisterRequestSchema = z.object({
  CertificateRequest: z.object({
    Type: z.literal('pkcs10'),
    Data: z.string().min(1).max(16_384).regex(BASE64, 'must be base64'),
  }),
  TransportKey: z.string().max(8_192).regex(BASE64, 'must be base64').optional(),
  TargetDomain: text(255).optional(),
  DeviceType: text(64).optional(),
  OSVersion: text(64).optional(),
  DeviceDisplayName: z.string().min(1).max(256),
  JoinType: z.number().int(),
  Attributes: z.record(z.string().max(256), z.unknown()).optional(),
});
export type DvrjRegisterRequest = z.infer<typeof DvrjRegisterRequestSchema>;
