import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { text } from 'express';
import { MDE2_MAX_XML_BYTES } from '@app/enrollment';
import { SoapAnswers } from './soap-answers';

/**
 * Reads an MS-MDE2 request body as text, whatever XML content type the client names (Windows sends
 * `application/soap+xml`, older clients `text/xml`); a body the reader refuses is answered with a fault,
 * not the JSON error of the rest of the API.
 */
@Injectable()
export class SoapBodyMiddleware implements NestMiddleware {
  private readonly read = text({ type: () => true, limit: MDE2_MAX_XML_BYTES, defaultCharset: 'utf-8' });

  constructor(private readonly answers: SoapAnswers) {}

  use(request: Request, response: Response, next: NextFunction): void {
    this.read(request, response, (error?: unknown) => {
      if (error) void this.answers.fault(request, response, error);
      else next();
    });
  }
}
