import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z, ZodType } from 'zod';
import { version } from '../../../../package.json';
import { ErrorBodySchema, refTo, responseComponents } from './api-responses';

/** Security schemes of the API; controllers name the ones they accept. */
export const AUTH = { admin: 'admin-key', user: 'adfs-token', bulk: 'bulk-token', hook: 'sccm-signature' } as const;

/** The JSON Schema of a request body, from the same zod schema that validates it. */
export function bodySchema(schema: ZodType): SchemaObject {
  const { $schema, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaObject & { $schema?: string };
  return json;
}

/** OpenAPI document generated from the controllers, served at /docs (JSON at /docs-json). */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Enrollment Orchestrator')
    .setDescription('Workplace Join and bulk enrollment of Windows devices. Errors are { error: { code, message } }.')
    .setVersion(version)
    // Admin keys and bulk tokens are opaque strings, not JWTs: addBearerAuth would call them JWTs.
    .addSecurity(AUTH.admin, { type: 'http', scheme: 'bearer', description: 'An admin API key (opaque)' })
    .addSecurity(AUTH.user, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The user's AD FS access token" })
    .addSecurity(AUTH.bulk, { type: 'http', scheme: 'bearer', description: 'The bulk token of the provisioning package (opaque)' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Signature', description: 'sha256=<hex> HMAC over X-Signature-Timestamp + "." + body' }, AUTH.hook)
    .addGlobalResponse({
      status: 500,
      description: 'An internal error (a bug): INTERNAL_ERROR',
      content: { 'application/json': { schema: refTo(ErrorBodySchema) } },
    })
    .build();
  SwaggerModule.setup('docs', app, () => {
    const document = SwaggerModule.createDocument(app, config);
    document.components = { ...document.components, schemas: { ...document.components?.schemas, ...responseComponents() } };
    return document;
  });
}
