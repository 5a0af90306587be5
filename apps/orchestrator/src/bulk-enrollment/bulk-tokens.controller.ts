import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { BulkTokenRepository, BulkTokenService, EnrollmentError, ErrorCode, Guid } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { BulkTokenCreatedSchema, BulkTokenPageSchema, bulkTokenView, BulkTokenViewSchema } from './bulk.views';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, V1_REFUSALS } from '../http/api-responses';
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
  @ApiAnswers(
    { [HttpStatus.CREATED]: { description: 'The token, shown this once', json: BulkTokenCreatedSchema } },
    ...BODY_REFUSALS,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async create(
    @Body(new ZodValidationPipe(CreateBulkTokenSchema)) body: z.infer<typeof CreateBulkTokenSchema>,
  ): Promise<z.infer<typeof BulkTokenCreatedSchema>> {
    const { record, token } = await this.service.issue(body);
    return { id: record.id, token, expiresAt: body.expiresAt.toISOString(), maxUses: record.maxUses ?? null };
  }

  @Get()
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'Bulk tokens, newest first', json: BulkTokenPageSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async list(@Query(new ZodValidationPipe(BulkTokenListQuerySchema)) query: z.infer<typeof BulkTokenListQuerySchema>) {
    const now = Date.now();
    return pageView(await this.tokens.list(query), query, (token) => bulkTokenView(token, now));
  }

  /** Revokes at once: waiting requests made with it fail in their authenticate step. */
  @Delete(':id')
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'The token, revoked', json: BulkTokenViewSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    ...V1_REFUSALS,
  )
  async revoke(@Param('id', new ZodValidationPipe(Guid)) id: string) {
    if (!(await this.tokens.revoke(id, Date.now()))) {
      throw EnrollmentError.permanent(ErrorCode.BulkTokenNotFound, `No bulk token ${id}`);
    }
    return bulkTokenView((await this.tokens.get(id))!);
  }
}
