import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { BulkEnrollmentModule } from '../bulk-enrollment/bulk-enrollment.module';
import { RequestsModule } from '../requests/requests.module';
import { DeviceAuthModule } from '../device-auth/device-auth.module';
import { CertificateEnrollment } from './certificate-enrollment.service';
import { CertificateRenewal } from './certificate-renewal.service';
import { EnrollmentAccounts } from './enrollment-account.service';
import { EnrollmentServerController } from './enrollment-server.controller';
import { SoapAnswers } from './soap-answers';
import { SoapBodyMiddleware } from './soap-body.middleware';

/** MS-MDE2 at Windows' own paths: a thin adapter onto the bulk enrollment producer. */
@Module({
  imports: [BulkEnrollmentModule, RequestsModule, DeviceAuthModule],
  controllers: [EnrollmentServerController],
  providers: [EnrollmentAccounts, CertificateEnrollment, CertificateRenewal, SoapAnswers],
  // The API's error filter answers every error on these paths (before routing too) through SoapAnswers.
  exports: [SoapAnswers],
})
export class Mde2Module implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SoapBodyMiddleware).forRoutes({ path: 'EnrollmentServer/*path', method: RequestMethod.POST });
  }
}
