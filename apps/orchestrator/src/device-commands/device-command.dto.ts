import { z } from 'zod';
import { DEVICE_COMMAND_VERBS, SafeText } from '@app/enrollment';

/** `Meta/Format` values of OMA-DM 1.2 that Windows' CSPs read. */
export const COMMAND_FORMATS = ['chr', 'int', 'bool', 'b64', 'xml', 'node', 'null'] as const;

export const MAX_LOCURI_LENGTH = 1024;
/** Below the 64 KiB limit of a JSON body, so that the field, not the body, is what an admin hears about. */
export const MAX_COMMAND_DATA_BYTES = 48 * 1024;
export const DEFAULT_COMMAND_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_COMMAND_TTL_SECONDS = 30 * 24 * 3600;

/**
 * A LocURI of the device's management tree, relative (`./Device/…`, `./Vendor/…`): Windows refuses an
 * absolute URI, and a control character could not be written in the SyncML that carries it.
 */
export const LocUri = SafeText.min(3, 'is required')
  .max(MAX_LOCURI_LENGTH, `must be at most ${MAX_LOCURI_LENGTH} characters`)
  .regex(/^\.\/\S+$/, 'must be a relative LocURI starting with ./ and without spaces')
  .refine((uri) => !uri.split('/').some((segment, i) => i > 0 && (segment === '' || segment === '.' || segment === '..')), {
    error: 'must not have empty, . or .. segments',
  });

/** Item data as sent in `Data` (escaped there): text, bounded in UTF-8 bytes. */
export const CommandData = SafeText.refine((data) => Buffer.byteLength(data) <= MAX_COMMAND_DATA_BYTES, {
  error: `must be at most ${MAX_COMMAND_DATA_BYTES / 1024} KiB`,
});

const MimeType = z.string().regex(/^[\w.+-]{1,64}\/[\w.+-]{1,128}$/, 'must be a MIME type such as text/plain');
const TtlSeconds = z.number().int().min(1).max(MAX_COMMAND_TTL_SECONDS).default(DEFAULT_COMMAND_TTL_SECONDS);

export const DeviceCommandBodySchema = z
  .object({
    verb: z.enum(DEVICE_COMMAND_VERBS),
    target: LocUri,
    data: CommandData.optional(),
    format: z.enum(COMMAND_FORMATS).optional(),
    type: MimeType.optional(),
    ttlSeconds: TtlSeconds,
  })
  .strict()
  .refine((body) => body.verb !== 'Get' || body.data === undefined, { error: 'a Get carries no data', path: ['data'] });
export type DeviceCommandBody = z.infer<typeof DeviceCommandBodySchema>;

/** A Policy CSP area or policy name: one path segment (ADMX-ingested areas use `~`). */
const PolicySegment = z.string().regex(/^[A-Za-z0-9_~-]{1,128}$/, 'must be 1-128 letters, digits, _, ~ or -');

export const PolicyCommandBodySchema = z
  .object({
    area: PolicySegment,
    policy: PolicySegment,
    value: z.union([z.number().int(), z.boolean(), CommandData]),
    format: z.enum(['int', 'chr', 'bool', 'xml', 'b64']).optional(),
    ttlSeconds: TtlSeconds,
  })
  .strict()
  .refine((body) => body.format !== 'int' || Number.isInteger(Number(body.value)), { error: 'must be a whole number for format int', path: ['value'] })
  .refine((body) => body.format !== 'bool' || ['true', 'false'].includes(String(body.value)), {
    error: 'must be true or false for format bool',
    path: ['value'],
  });
export type PolicyCommandBody = z.infer<typeof PolicyCommandBodySchema>;

export const ConvenienceCommandBodySchema = z.object({ ttlSeconds: TtlSeconds }).strict();

export const UnenrollQuerySchema = z
  .object({
    force: z
      .enum(['true', 'false'])
      .default('false')
      .transform((force) => force === 'true'),
  })
  .strict();

/** An `Idempotency-Key` header: a client's own token for one command, printable ASCII. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters')
  .optional();
