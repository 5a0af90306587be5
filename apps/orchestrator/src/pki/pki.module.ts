import { Module } from '@nestjs/common';
import { PkiController } from './pki.controller';

/** The CA certificate and the CRL, for anyone. */
@Module({ controllers: [PkiController] })
export class PkiModule {}
