import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { z } from 'zod';
import { DevIdentityProvider, Upn } from '@app/enrollment';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiTags } from '@nestjs/swagger';

const TokenRequestSchema = z.object({ upn: Upn });

/** Development only (never mounted in production): mints AD FS-like tokens so every flow runs with no setup. */
@ApiTags('development')
@Controller('dev/adfs')
export class DevIdentityController {
  constructor(private readonly provider: DevIdentityProvider) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  async token(@Body(new ZodValidationPipe(TokenRequestSchema)) body: z.infer<typeof TokenRequestSchema>) {
    return { access_token: await this.provider.mint(body.upn), token_type: 'Bearer', expires_in: 3600 };
  }

  @Get('jwks.json')
  jwks() {
    return this.provider.jwks();
  }
}
