import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ContentObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z, ZodType } from 'zod';

/** The answers the OpenAPI document names in components/schemas, from the zod schemas their views are typed by. */
export const RESPONSE_SCHEMAS = z.registry<{ id?: string; description?: string }>();

/** Registers `schema` as the response shape `id`: the document lists it once and refers to it everywhere. */
export function responseShape<T extends ZodType>(id: string, schema: T, description?: string): T {
  RESPONSE_SCHEMAS.add(schema, { id, ...(description !== undefined && { description }) });
  return schema;
}

/** A field's description in the document (the response registry does not read zod's global one). */
export function described<T extends ZodType>(schema: T, description: string): T {
  RESPONSE_SCHEMAS.add(schema, { description });
  return schema;
}

/** Every refusal and failure: `{ error: { code, message } }`, the code from a fixed list. */
export const ErrorBodySchema = responseShape(
  'Error',
  z.object({
    error: z.object({
      code: described(z.string(), 'A stable code from a fixed list, e.g. VALIDATION_FAILED, TOKEN_EXPIRED, DEVICE_NOT_FOUND'),
      message: described(z.string(), 'What was wrong, for people; it may change between versions'),
    }),
  }),
  'An error: every 4xx and 5xx answer has this shape',
);

/** A paged list of `item`, as every admin list answers: `items`, `total`, and the `offset` and `limit` asked for. */
export function pageShape<T extends ZodType>(id: string, item: T) {
  return responseShape(id, z.object({ items: z.array(item), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }));
}

/** The components/schemas section of the document: every registered shape, each referred to by name. */
export function responseComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(RESPONSE_SCHEMAS, {
    target: 'openapi-3.0',
    io: 'output',
    metadata: RESPONSE_SCHEMAS,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id, ...schema }]) => [id, schema as SchemaObject]));
}

/** An answer of a route: JSON of a registered shape, or other media types (text, XML, binary). */
export type Answer = { description: string; json: ZodType } | { description: string; content: Record<string, SchemaObject | ReferenceObject> };

const REFUSALS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'The request is not valid: the message names the field (VALIDATION_FAILED, BODY_UNREADABLE, …)',
  [HttpStatus.UNAUTHORIZED]: 'No credential, or one that is malformed, expired, revoked or not valid here',
  [HttpStatus.FORBIDDEN]: 'The credential may not do this (e.g. a bulk token of another package)',
  [HttpStatus.NOT_FOUND]: 'No such object, or not one this credential may see',
  [HttpStatus.CONFLICT]: 'Not now, or not for this object (a request already in progress, a quota reached, …)',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'The body is over 64 KiB once inflated',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'The body is not JSON in UTF-8, or its Content-Encoding is not identity, gzip, deflate or br',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Over RATE_LIMIT_PER_MINUTE; Retry-After says when to try again',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Redis is unavailable, or the service is at capacity; Retry-After may say when to try again',
};

/** Refusals every route under /v1 may answer with. */
export const V1_REFUSALS = [HttpStatus.TOO_MANY_REQUESTS, HttpStatus.SERVICE_UNAVAILABLE] as const;
/** Refusals of a route that reads a JSON body, before it is looked at. */
export const BODY_REFUSALS = [HttpStatus.BAD_REQUEST, HttpStatus.PAYLOAD_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE] as const;

/** Documents a route's answers: each success with its shape, each refusal with the error shape. */
export function ApiAnswers(answers: Partial<Record<HttpStatus, Answer>>, ...refusals: HttpStatus[]): MethodDecorator {
  const successes = Object.entries(answers).map(([status, answer]) =>
    ApiResponse({ status: Number(status), description: answer.description, content: contentOf(answer) }),
  );
  const errors = [...new Set(refusals)].map((status) => ApiResponse({ status, description: REFUSALS[status] ?? 'Refused', content: json(ErrorBodySchema) }));
  return applyDecorators(...successes, ...errors);
}

/** A plain-text answer of the given media type; `binary` for bytes such as DER. */
export function textAnswer(description: string, mediaTypes: string[], binary = false): Answer {
  const schema: SchemaObject = binary ? { type: 'string', format: 'binary' } : { type: 'string' };
  return { description, content: Object.fromEntries(mediaTypes.map((type) => [type, schema])) };
}

/** The reference to a registered shape; a shape that was never registered fails start-up. */
export function refTo(schema: ZodType): { $ref: string } {
  const id = RESPONSE_SCHEMAS.get(schema)?.id;
  if (!id) throw new Error('A response shape used in the OpenAPI document is not registered with responseShape()');
  return { $ref: `#/components/schemas/${id}` };
}

function json(schema: ZodType): ContentObject {
  return { 'application/json': { schema: refTo(schema) } };
}

function contentOf(answer: Answer): ContentObject {
  if ('json' in answer) return json(answer.json);
  return Object.fromEntries(Object.entries(answer.content).map(([type, schema]) => [type, { schema }]));
}
