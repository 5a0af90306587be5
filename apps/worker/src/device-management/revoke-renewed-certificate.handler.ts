import { Injectable } from '@nestjs/common';
import { DeviceRepository, MDM_RENEWED_CERTIFICATE_REVOKED, PkiService, RevokeRenewedCertificateJobData, renewedCertificateActivityId } from '@app/enrollment';
import { ActivityJournal } from './activity-journal';

/**
 * Revokes the certificate a renewal replaced, once its grace period is over (a delayed job), unless it is
 * the one the device object holds now: a renewal that never completed, or rolled back, leaves the device
 * on it, and revoking that would lock the device out. Idempotent: event 1220, written last, says it is done.
 */
@Injectable()
export class RevokeRenewedCertificateHandler {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly pki: PkiService,
    private readonly journal: ActivityJournal,
  ) {}

  async revoke({ deviceObjectId, serialNumber, renewedAt }: RevokeRenewedCertificateJobData): Promise<void> {
    const { device, subject } = await this.journal.subject(deviceObjectId, deviceObjectId);
    if (device && sameSerial(device.certificate.serialNumber, serialNumber)) return;
    const events = await this.journal.open(renewedCertificateActivityId(deviceObjectId, serialNumber), subject);
    if (events.has(MDM_RENEWED_CERTIFICATE_REVOKED)) return;
    await this.pki.revoke(serialNumber);
    await events.recordOnce(MDM_RENEWED_CERTIFICATE_REVOKED, { SerialNumber: serialNumber, RenewedAt: renewedAt });
  }
}

// Serials are hex: the same certificate may be written in either case.
const sameSerial = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
