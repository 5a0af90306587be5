import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { BulkTokenRepository, BulkTokenService, EnrollmentError, ErrorCode, Guid } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { bulkTokenView } from './bulk.views';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { AUTH, bodySchema } from '../http/openapi';

const CreateBulkTokenSchema = z
  .object({
    expiresAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    maxUses: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const BulkTokenListQuerySchema = pageQuery({ defaultLimit: 50, maxLimit: 500 });

@ApiTags('bulk-tokens')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/bulk-tokens')
@UseGuards(AdminGuard)
export class BulkTokensController {
  constructor(
    private readonly service: BulkTokenService,
    private readonly tokens: BulkTokenRepository,
  ) {}

  /** The token value is in this answer and nowhere else, ever. */
  @Post()
  @ApiBody({ schema: bodySchema(CreateBulkTokenSchema) })
  async create(@Body(new ZodValidationPipe(CreateBulkTokenSchema)) body: z.infer<typeof CreateBulkTokenSchema>) {
    const { record, token } = await this.service.issue(body);
    return { id: record.id, token, expiresAt: body.expiresAt.toISOString(), maxUses: record.maxUses ?? null };
  }

  @Get()
  async list(@Query(new ZodValidationPipe(BulkTokenListQuerySchema)) query: z.infer<typeof BulkTokenListQuerySchema>) {
    const now = Date.now();
    return pageView(await this.tokens.list(query), query, (token) => bulkTokenView(token, now));
  }

  /** Revokes at once: waiting requests made with it fail in their authenticate step. */
  @Delete(':id')
  async revoke(@Param('id', new ZodValidationPipe(Guid)) id: string) {
    if (!(await this.tokens.revoke(id, Date.now()))) {
      throw EnrollmentError.permanent(ErrorCode.BulkTokenNotFound, `No bulk token ${id}`);
    }
    return bulkTokenView((await this.tokens.get(id))!);
  }
}
