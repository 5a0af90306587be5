import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EnrollmentError, ErrorCode, SYNCML_CONTENT_TYPE } from '@app/enrollment';
import { ManagementSessions } from './management-sessions.service';

/**
 * MS-MDM's management endpoint, the ADDR of the provisioning document. Windows adds query parameters
 * (`mode=Maintenance`, `Platform=WoA`, ...) that change nothing here. The answer carries a
 * Content-Length: Windows' DM client does not read chunked answers.
 */
@ApiExcludeController()
@Controller('ManagementServer')
export class ManagementServerController {
  constructor(private readonly sessions: ManagementSessions) {}

  @Post('MDM.svc')
  @HttpCode(HttpStatus.OK)
  async message(@Req() request: Request, @Body() body: unknown, @Res() response: Response): Promise<void> {
    if (typeof body !== 'string' || body.length === 0) {
      throw EnrollmentError.permanent(ErrorCode.ValidationFailed, 'The body must be a SyncML message');
    }
    const xml = await this.sessions.answer(request, body);
    response.status(HttpStatus.OK).setHeader('Content-Type', SYNCML_CONTENT_TYPE);
    response.setHeader('Content-Length', Buffer.byteLength(xml));
    response.end(xml);
  }
}
