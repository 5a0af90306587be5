import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'winston';
import { EventRecorder, LOGGER, MDM_ENROLL_SERVER_FAULT, Mde2Fault, Mde2FormatError, renderSoapFault, SoapHeader, SOAP12_CONTENT_TYPE } from '@app/enrollment';
import { intakeFlowOf } from '../operations/intake-routes';
import { MetricsService } from '../operations/metrics.service';
import { faultFor } from './mde2-faults';

/** What a handler learned of the exchange, kept on the response so that a fault can answer in kind. */
export interface SoapExchange {
  header?: SoapHeader;
  requestId?: string;
}

export function exchangeOf(response: Response): SoapExchange {
  return ((response.locals as { soap?: SoapExchange }).soap ??= {});
}

/**
 * Sends MS-MDE2 answers: SOAP bodies with a Content-Length (Windows does not read chunked answers), and
 * every error as a SOAP fault of the request's SOAP version, logged and written as event 52.
 */
@Injectable()
export class SoapAnswers {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly recorder: EventRecorder,
    private readonly metrics: MetricsService,
  ) {}

  send(response: Response, body: string, contentType = SOAP12_CONTENT_TYPE, status = 200): void {
    response.status(status).setHeader('Content-Type', contentType);
    response.setHeader('Content-Length', Buffer.byteLength(body));
    response.end(body);
  }

  async fault(request: Request, response: Response, error: unknown): Promise<void> {
    const exchange = exchangeOf(response);
    const header = exchange.header ?? (error instanceof Mde2FormatError ? { version: error.version, messageId: error.messageId } : undefined);
    const decision = faultFor(error);
    if (decision.status >= 400 && decision.status < 500) {
      const flow = intakeFlowOf(request);
      if (flow) this.metrics.countRefusal(flow, decision.code);
    }
    if (decision.fault === Mde2Fault.InternalServiceFault) {
      this.logger.error('request failed', { code: decision.code, error: (error as Error | undefined)?.stack ?? String(error) });
    } else if (decision.status >= 500) {
      this.logger.warn('request failed', { code: decision.code, error: decision.reason });
    }
    const rendered = renderSoapFault({
      version: header?.version ?? '1.2',
      relatesTo: header?.messageId,
      fault: decision.fault,
      reason: decision.reason,
      errorType: decision.errorType,
      traceId: exchange.requestId,
    });
    if (!response.headersSent) this.send(response, rendered.body, rendered.contentType, rendered.status);
    await this.recorder
      .record(MDM_ENROLL_SERVER_FAULT, {
        activityId: exchange.requestId ?? randomUUID(),
        computer: '-',
        data: { Fault: decision.fault, Reason: decision.reason, Endpoint: request.path, ErrorCode: decision.code },
      })
      .catch(() => undefined);
  }
}
