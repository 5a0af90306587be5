import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  EnrollmentError,
  ErrorCode,
  EventRecorder,
  MDM_DISCOVERY_ANSWERED,
  MDM_POLICIES_ANSWERED,
  mde2Urls,
  parseDiscoverRequest,
  parseGetPoliciesRequest,
  parseRequestSecurityToken,
  renderDiscoverResponse,
  renderGetPoliciesResponse,
  renderRstr,
} from '@app/enrollment';
import { CertificateEnrollment } from './certificate-enrollment.service';
import { CertificateRenewal } from './certificate-renewal.service';
import { EnrollmentAccounts } from './enrollment-account.service';
import { exchangeOf, SoapAnswers } from './soap-answers';

/** The highest MS-MDE2 EnrollmentVersion this server speaks; a device asking for less gets what it asked. */
export const SERVER_ENROLLMENT_VERSION = '4.0';
const MINIMAL_KEY_LENGTH = 2048;
const DAY_S = 86_400;
const RENEWAL_PERIOD_S = 42 * DAY_S;

/**
 * MS-MDE2 at the paths Windows uses: Discovery, then MS-XCEP GetPolicies, then MS-WSTEP
 * RequestSecurityToken. A thin adapter: the codecs parse and render, certificate enrollment runs the bulk
 * enrollment flow. Its errors leave as SOAP faults through the API's error filter (see SoapAnswers). SOAP
 * is not described by the OpenAPI document; the README shows the exchange.
 */
@ApiExcludeController()
@Controller('EnrollmentServer')
export class EnrollmentServerController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly answers: SoapAnswers,
    private readonly accounts: EnrollmentAccounts,
    private readonly enrollment: CertificateEnrollment,
    private readonly renewal: CertificateRenewal,
    private readonly recorder: EventRecorder,
  ) {}

  /** Windows probes the discovery URL with a GET before it posts, and wants 200 with an empty body. */
  @Get('Discovery.svc')
  probe(@Res() response: Response): void {
    this.answers.send(response, '', 'text/plain; charset=utf-8');
  }

  @Post('Discovery.svc')
  async discover(@Body() body: unknown, @Res() response: Response): Promise<void> {
    const request = parseDiscoverRequest(soapText(body));
    exchangeOf(response).header = request.header;
    const enrollmentVersion = lowerVersion(SERVER_ENROLLMENT_VERSION, request.requestVersion);
    const urls = mde2Urls(this.config.http.publicUrl);
    const xml = renderDiscoverResponse({
      version: request.header.version,
      relatesTo: request.header.messageId,
      authPolicy: 'OnPremise',
      enrollmentVersion,
      enrollmentPolicyServiceUrl: urls.policy,
      enrollmentServiceUrl: urls.enrollment,
    });
    await this.recorder.record(MDM_DISCOVERY_ANSWERED, {
      activityId: randomUUID(),
      computer: '-',
      data: { EmailAddress: request.emailAddress, AuthPolicy: 'OnPremise', EnrollmentVersion: enrollmentVersion },
    });
    this.answers.send(response, xml);
  }

  @Post('Policy.svc')
  async policies(@Body() body: unknown, @Res() response: Response): Promise<void> {
    const request = parseGetPoliciesRequest(soapText(body));
    exchangeOf(response).header = request.header;
    await this.accounts.authenticate(request.credentials);
    const xml = renderGetPoliciesResponse({
      version: request.header.version,
      relatesTo: request.header.messageId,
      validityPeriodSeconds: this.config.pki.certValidityDays * DAY_S,
      renewalPeriodSeconds: RENEWAL_PERIOD_S,
      minimalKeyLength: MINIMAL_KEY_LENGTH,
    });
    await this.recorder.record(MDM_POLICIES_ANSWERED, {
      activityId: randomUUID(),
      computer: '-',
      data: { UserName: request.credentials?.username, MinimalKeyLength: MINIMAL_KEY_LENGTH },
    });
    this.answers.send(response, xml);
  }

  @Post('Enrollment.svc')
  async enroll(@Body() body: unknown, @Req() http: Request, @Res() response: Response): Promise<void> {
    const request = parseRequestSecurityToken(soapText(body));
    const exchange = exchangeOf(response);
    exchange.header = request.header;
    const onRequest = (requestId: string) => (exchange.requestId = requestId);
    // A renewal is authenticated by the device certificate, an issue by the package's account and token.
    const answer = request.requestType === 'Renew' ? await this.renewal.renew(http, request, onRequest) : await this.enrollment.enroll(request, onRequest);
    const xml = renderRstr({
      version: request.header.version,
      relatesTo: request.header.messageId,
      provisioningDoc: answer.provisioningDoc,
      requestId: answer.requestId,
    });
    this.answers.send(response, xml);
  }
}

/** The body as the SOAP body reader left it; JSON (or nothing) sent here is not a SOAP message. */
function soapText(body: unknown): string {
  if (typeof body === 'string' && body.length > 0) return body;
  throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'The body must be a SOAP envelope (application/soap+xml)');
}

/** The lower of two dotted versions; the server's when the client names none or an unreadable one. */
export function lowerVersion(server: string, client: string | undefined): string {
  if (!client || !/^\d+(\.\d+)*$/.test(client)) return server;
  const a = server.split('.').map(Number);
  const b = client.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference < 0 ? server : client;
  }
  return server;
}
