import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z, ZodType } from 'zod';

/** Security schemes of the API; controllers name the ones they accept. */
export const AUTH = { admin: 'admin-key', user: 'adfs-token', bulk: 'bulk-token', hook: 'sccm-signature' } as const;

/** The JSON Schema of a request body, from the same zod schema that validates it. */
export function bodySchema(schema: ZodType): Record<string, any> {
  const { $schema, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

/** OpenAPI document generated from the controllers, served at /docs (JSON at /docs-json). */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Enrollment Orchestrator')
    .setDescription('Workplace Join and bulk enrollment of Windows devices. Errors are { error: { code, message } }.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An admin API key' }, AUTH.admin)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The user's AD FS access token" }, AUTH.user)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The bulk token of the provisioning package' }, AUTH.bulk)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Signature', description: 'sha256=<hex> HMAC over X-Signature-Timestamp + "." + body' },
      AUTH.hook,
    )
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
