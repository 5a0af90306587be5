import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { z } from 'zod';
import { DevIdentityProvider, Upn } from '@app/enrollment';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, responseShape } from '../http/api-responses';
import { bodySchema } from '../http/openapi';

const TokenRequestSchema = z.object({ upn: Upn });
const DevTokenSchema = responseShape(
  'DevToken',
  z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int() }),
  'A user token of the development identity provider (RS256 JWT, like AD FS)',
);
const JwksSchema = responseShape('Jwks', z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) }));

/** Development only (never mounted in production): mints AD FS-like tokens so every flow runs with no setup. */
@ApiTags('development')
@Controller('dev/adfs')
export class DevIdentityController {
  constructor(private readonly provider: DevIdentityProvider) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: bodySchema(TokenRequestSchema) })
  @ApiAnswers({ [HttpStatus.OK]: { description: 'A token for the user', json: DevTokenSchema } }, ...BODY_REFUSALS)
  async token(@Body(new ZodValidationPipe(TokenRequestSchema)) body: z.infer<typeof TokenRequestSchema>): Promise<z.infer<typeof DevTokenSchema>> {
    return { access_token: await this.provider.mint(body.upn), token_type: 'Bearer', expires_in: 3600 };
  }

  @Get('jwks.json')
  @ApiAnswers({ [HttpStatus.OK]: { description: 'The signing keys of the development identity provider', json: JwksSchema } })
  jwks() {
    return this.provider.jwks();
  }
}
