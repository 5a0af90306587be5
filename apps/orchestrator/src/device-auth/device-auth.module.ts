import { Module } from '@nestjs/common';
import { DeviceCertificateAuth } from './device-certificate.auth';

/** Device certificate authentication, for the paths a device reaches with its own certificate. */
@Module({
  providers: [DeviceCertificateAuth],
  exports: [DeviceCertificateAuth],
})
export class DeviceAuthModule {}
