import { Module } from '@nestjs/common';
import { DevIdentityController } from './dev-identity.controller';

/** The development identity provider; imported only when no AD FS is configured (never in production). */
@Module({ controllers: [DevIdentityController] })
export class DevIdentityModule {}
