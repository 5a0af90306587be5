import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { text } from 'express';
import { MDE2_MAX_XML_BYTES } from '@app/enrollment';

/**
 * Reads an MS-MDE2 request body as text, whatever XML content type the client names (Windows sends
 * `application/soap+xml`, older clients `text/xml`). A body the reader refuses goes on as an error, which
 * the API's error filter answers as a SOAP fault on these paths.
 */
@Injectable()
export class SoapBodyMiddleware implements NestMiddleware {
  private readonly read = text({ type: () => true, limit: MDE2_MAX_XML_BYTES, defaultCharset: 'utf-8' });

  use(request: Request, response: Response, next: NextFunction): void {
    this.read(request, response, next);
  }
}
