import { Controller, Get, Header, HttpStatus, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PkiService } from '@app/enrollment';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, textAnswer, V1_REFUSALS } from '../http/api-responses';

/** Public: devices and relying parties fetch the CA certificate and the CRL without credentials. */
@ApiTags('pki')
@Controller('v1/pki')
export class PkiController {
  constructor(private readonly pki: PkiService) {}

  @Get('ca.pem')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiAnswers({ [HttpStatus.OK]: textAnswer('The CA certificate, PEM', ['application/x-pem-file']) }, HttpStatus.TOO_MANY_REQUESTS)
  ca(): string {
    return this.pki.caPem;
  }

  /** DER by default (what CRL distribution points serve); PEM with `?format=pem`. */
  @Get('crl')
  @ApiQuery({ name: 'format', required: false, enum: ['der', 'pem'] })
  @ApiAnswers(
    {
      [HttpStatus.OK]: {
        description: 'The current CRL: DER, or PEM with format=pem',
        content: { 'application/pkix-crl': { type: 'string', format: 'binary' }, 'application/x-pem-file': { type: 'string' } },
      },
    },
    ...V1_REFUSALS,
  )
  async crl(@Query('format') format: string | undefined, @Res() response: Response): Promise<void> {
    const der = await this.pki.crl();
    response.setHeader('Cache-Control', 'no-cache');
    if (format === 'pem') {
      const body = der
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')
        .replace(/\n?$/, '\n');
      response.type('application/x-pem-file').send(`-----BEGIN X509 CRL-----\n${body}-----END X509 CRL-----\n`);
      return;
    }
    response.type('application/pkix-crl').send(der);
  }
}
