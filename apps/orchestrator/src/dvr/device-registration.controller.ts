import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  APP_CONFIG,
  AppConfig,
  describeIssues,
  DVRJ_API_VERSIONS,
  DvrjRegisterRequestSchema,
  DvrjRegisterResponse,
  EnrollmentError,
  ErrorCode,
  Guid,
  isDvrdApiVersion,
  renderDiscovery,
  renderDiscoveryXml,
  VerifiedIdentity,
} from '@app/enrollment';
import { UserGuard } from '../auth/auth.guards';
import { CurrentUser } from '../auth/principal';
import { DeviceRegistration } from './device-registration.service';

/**
 * MS-DVRD discovery and MS-DVRJ register and delete, at the paths Windows and AD FS use. A thin
 * adapter: the codecs read and render, the Workplace Join producer does the work. Errors leave as the
 * specification's ErrorDetails through the API's error filter (see dvr-answers).
 */
@ApiExcludeController()
@Controller('EnrollmentServer')
export class DeviceRegistrationController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registration: DeviceRegistration,
  ) {}

  /** JSON when the client accepts it; XML when it sends no Accept header (or asks for XML), as MS-DVRD has it. */
  @Get('contract')
  discovery(@Query('api-version') version: unknown, @Headers('accept') accept: string | undefined, @Res() response: Response): void {
    if (!isDvrdApiVersion(version)) throw unsupportedVersion(version, ['1.0', '1.2']);
    const format = formatFor(accept);
    const { publicUrl } = this.config.http;
    const settings = this.config.deviceRegistration;
    const document = renderDiscovery(version, {
      registrationEndpoint: `${publicUrl}/EnrollmentServer/device/`,
      resourceId: settings.resourceId,
      authorizeUrl: settings.authorizeUrl,
      tokenUrl: settings.tokenUrl,
      passiveUrl: settings.passiveUrl,
      intranetEndpoints: [`${publicUrl}/`],
    });
    if (format === 'json') response.json(document);
    else response.type('application/xml; charset=utf-8').send(renderDiscoveryXml(document));
  }

  @Post('device')
  @HttpCode(HttpStatus.OK)
  @UseGuards(UserGuard)
  async register(@Query('api-version') version: unknown, @CurrentUser() identity: VerifiedIdentity, @Body() body: unknown): Promise<DvrjRegisterResponse> {
    if (!isDvrjApiVersion(version)) throw unsupportedVersion(version, DVRJ_API_VERSIONS);
    const parsed = DvrjRegisterRequestSchema.safeParse(body);
    if (!parsed.success) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, describeIssues(parsed.error.issues, 'body'));
    return this.registration.register(identity, parsed.data);
  }

  @Delete('device/:deviceId')
  @UseGuards(UserGuard)
  async delete(@CurrentUser() identity: VerifiedIdentity, @Param('deviceId') deviceId: string, @Res({ passthrough: true }) response: Response): Promise<void> {
    const id = Guid.safeParse(deviceId.replace(/^\{(.*)\}$/, '$1'));
    if (!id.success) throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'The device id must be a GUID');
    const outcome = await this.registration.delete(identity, id.data);
    response.status(outcome === 'removed' ? HttpStatus.OK : HttpStatus.ACCEPTED);
  }
}

function formatFor(accept: string | undefined): 'json' | 'xml' {
  if (accept === undefined || accept.trim() === '') return 'xml';
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  if (types.some((type) => type === 'application/json' || type === 'application/*' || type === '*/*')) return 'json';
  if (types.includes('application/xml')) return 'xml';
  throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'Accept must allow application/json or application/xml');
}

function isDvrjApiVersion(value: unknown): boolean {
  return typeof value === 'string' && (DVRJ_API_VERSIONS as readonly string[]).includes(value);
}

function unsupportedVersion(version: unknown, served: readonly string[]): EnrollmentError {
  const named = typeof version === 'string' ? `api-version ${version.slice(0, 16)} is` : 'an api-version is required and';
  return EnrollmentError.permanent(ErrorCode.ValidationFailed, `${named} not served here; use one of ${served.join(', ')}`);
}
