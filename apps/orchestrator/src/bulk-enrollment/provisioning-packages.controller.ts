import { Body, Controller, Get, Header, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { Guid, ProvisioningPackageBodySchema, ProvisioningPackageRepository } from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { PackagePageSchema, packageView, PackageViewSchema } from './bulk.views';
import { ProvisioningPackagesService } from './provisioning-packages.service';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, BODY_REFUSALS, textAnswer, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';

const PackageListQuerySchema = pageQuery({ defaultLimit: 50, maxLimit: 500 });

@ApiTags('provisioning-packages')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/provisioning-packages')
@UseGuards(AdminGuard)
export class ProvisioningPackagesController {
  constructor(
    private readonly service: ProvisioningPackagesService,
    private readonly packages: ProvisioningPackageRepository,
  ) {}

  /** The wizard's fields; invalid combinations are refused with 400 and a code saying which rule. */
  @Post()
  @ApiBody({ schema: bodySchema(ProvisioningPackageBodySchema) })
  @ApiAnswers({ [HttpStatus.CREATED]: { description: 'The package', json: PackageViewSchema } }, ...BODY_REFUSALS, HttpStatus.UNAUTHORIZED, ...V1_REFUSALS)
  async create(@Body() body: unknown) {
    return packageView(await this.service.create(body));
  }

  @Get()
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'Packages, newest first', json: PackagePageSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async list(@Query(new ZodValidationPipe(PackageListQuerySchema)) query: z.infer<typeof PackageListQuerySchema>) {
    return pageView(await this.packages.list(query), query, packageView);
  }

  @Get(':id')
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'The package', json: PackageViewSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    ...V1_REFUSALS,
  )
  async get(@Param('id', new ZodValidationPipe(Guid)) id: string) {
    return packageView(await this.service.find(id));
  }

  /** What `ICD.exe /Build-ProvisioningPackage` turns into a .ppkg; it carries the bulk token. */
  @Get(':id/customizations.xml')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="customizations.xml"')
  @Header('Cache-Control', 'no-store')
  @ApiAnswers(
    { [HttpStatus.OK]: textAnswer('The WCD customizations.xml; it holds the bulk token', ['application/xml']) },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    ...V1_REFUSALS,
  )
  customizationsXml(@Param('id', new ZodValidationPipe(Guid)) id: string): Promise<string> {
    return this.service.customizationsXml(id);
  }
}
