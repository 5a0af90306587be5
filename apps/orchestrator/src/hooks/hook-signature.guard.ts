import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig, checkHookSignature, EnrollmentError, ErrorCode } from '@app/enrollment';
import { RateLimiter } from '../http/rate-limiter';

const REFUSALS: Record<'missing' | 'stale' | 'mismatch', [ErrorCode, string]> = {
  missing: [ErrorCode.HookSignatureMissing, 'X-Signature-Timestamp and X-Signature headers are required'],
  stale: [ErrorCode.HookTimestampStale, 'X-Signature-Timestamp is more than 300 seconds from the service clock'],
  mismatch: [ErrorCode.HookSignatureInvalid, 'X-Signature does not match the body'],
};

/**
 * Configuration Manager's hooks: HMAC-SHA256 over `timestamp.rawBody` with the shared secret. Signed hooks
 * count against one rate-limit client, the hook sender; refused ones against the address they came from.
 */
@Injectable()
export class HookSignatureGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const secret = this.config.hooks.sccmSecret;
    if (!secret) throw EnrollmentError.permanent(ErrorCode.HookNotConfigured, 'SCCM hooks are not configured on this service');
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { rawBody?: Buffer }>();
    const response = http.getResponse<Response>();
    const outcome = checkHookSignature(
      secret,
      { timestamp: request.header('x-signature-timestamp'), signature: request.header('x-signature') },
      request.rawBody ?? Buffer.alloc(0),
    );
    if (outcome !== 'ok') {
      await this.limiter.consumeRefused(request, response);
      throw EnrollmentError.permanent(...REFUSALS[outcome]);
    }
    await this.limiter.consume('sccm-hook', response);
    return true;
  }
}
