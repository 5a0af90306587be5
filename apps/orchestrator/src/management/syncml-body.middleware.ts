import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { text } from 'express';
import { EnrollmentError, ErrorCode, SYNCML_CONTENT_TYPE, SYNCML_MAX_XML_BYTES } from '@app/enrollment';

/**
 * Reads an OMA-DM message as text. Windows names `application/vnd.syncml.dm+xml` (sometimes with a
 * charset); anything else is not a SyncML message and is refused before it is read.
 */
@Injectable()
export class SyncmlBodyMiddleware implements NestMiddleware {
  private readonly read = text({ type: () => true, limit: SYNCML_MAX_XML_BYTES, defaultCharset: 'utf-8' });

  use(request: Request, response: Response, next: NextFunction): void {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== SYNCML_CONTENT_TYPE) {
      next(EnrollmentError.permanent(ErrorCode.MediaTypeUnsupported, `A management message is ${SYNCML_CONTENT_TYPE}, not ${type || 'untyped'}`));
      return;
    }
    this.read(request, response, next);
  }
}
