import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'winston';
import { LOGGER } from '@app/enrollment';
import { intakeFlowOf } from '../operations/intake-routes';
import { MetricsService } from '../operations/metrics.service';
import { SoapAnswers } from '../mde2/soap-answers';
import { describeError } from './error-description';
import { isDeviceRegistrationPath, sendDeviceRegistrationError } from '../dvr/dvr-answers';

const ENROLLMENT_SERVER_PREFIX = '/EnrollmentServer/';

/**
 * Every error leaves as `{ error: { code, message } }` with a fitting status, and leaks no internals. A
 * device endpoint's refusal is counted here, where every one of them passes (body parser, guards, pipes
 * and handlers alike).
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricsService,
    private readonly soap: SoapAnswers,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void | Promise<void> {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    // MS-DVRD and MS-DVRJ are JSON, with the specification's ErrorDetails.
    if (isDeviceRegistrationPath(request)) return this.answerDeviceRegistration(request, response, exception);
    // Windows' enrollment endpoints answer every error in SOAP: the handlers', the SOAP body reader's, an unknown path's.
    if (http.getRequest<Request>().path.startsWith(ENROLLMENT_SERVER_PREFIX)) return this.soap.fault(http.getRequest<Request>(), response, exception);
    const { status, code, message } = describeError(exception);
    if (status >= 400 && status < 500) {
      const flow = intakeFlowOf(http.getRequest<Request>());
      if (flow) this.metrics.countRefusal(flow, code);
    }
    // A 500 is a bug; 503s (store down, streams at capacity) are the service protecting itself.
    if (status >= 500) {
      const error = exception instanceof Error ? exception.message : String(exception);
      this.logger.log(status === 500 ? 'error' : 'warn', 'request failed', { code, error });
    }
    response.status(status).json({ error: { code, message } });
  }

  private answerDeviceRegistration(request: Request, response: Response, exception: unknown): void {
    const { status, code } = sendDeviceRegistrationError(response, exception);
    const flow = status >= 400 && status < 500 ? intakeFlowOf(request) : undefined;
    if (flow) this.metrics.countRefusal(flow, code);
    if (status >= 500) {
      const error = exception instanceof Error ? exception.message : String(exception);
      this.logger.log(status === 500 ? 'error' : 'warn', 'request failed', { code, error });
    }
  }
}
