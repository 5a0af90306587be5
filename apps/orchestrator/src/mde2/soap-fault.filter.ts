import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SoapAnswers } from './soap-answers';

/** On the MS-MDE2 endpoints every error, from guards, pipes or handlers, is answered as a SOAP fault. */
@Catch()
@Injectable()
export class SoapFaultFilter implements ExceptionFilter {
  constructor(private readonly answers: SoapAnswers) {}

  catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    return this.answers.fault(http.getRequest<Request>(), http.getResponse<Response>(), exception);
  }
}
