import { Injectable } from '@nestjs/common';
import { DeviceRepository, ManagedDeviceRepository, MDM_UNENROLLED, PkiService, UnenrollmentReason, unenrollmentActivityId } from '@app/enrollment';
import { ActivityJournal } from './activity-journal';

/**
 * Ends a device's management: the managed device marked unenrolled, its current certificate revoked (the
 * CRL re-signed), its device object removed, event 1210 written. Asked by the device (Alert 1226), by an
 * administrator (the DMClient unenroll command acknowledged) or forced.
 *
 * Safe to run again, after a crash half-way or for a second request: the unenrollment's event, written
 * last, says it is all done; until it is there, each part runs again and is a no-op once done (the mark
 * and the removal are once-only, revoking a revoked certificate keeps its first time but re-signs the
 * CRL, which a crash may have stopped before).
 */
@Injectable()
export class DeviceUnenrollment {
  constructor(
    private readonly managed: ManagedDeviceRepository,
    private readonly devices: DeviceRepository,
    private readonly pki: PkiService,
    private readonly journal: ActivityJournal,
  ) {}

  async unenroll(deviceObjectId: string, reason: UnenrollmentReason, at: Date): Promise<void> {
    const { device, subject } = await this.journal.subject(deviceObjectId, deviceObjectId);
    const events = await this.journal.open(unenrollmentActivityId(deviceObjectId), subject);
    if (events.has(MDM_UNENROLLED)) return;

    const marked = await this.managed.markUnenrolled(deviceObjectId, reason, at);
    // The first request's reason is the one kept: a later one (an admin's after the device's own) only finishes the work.
    const recordedReason = marked ? reason : ((await this.managed.get(deviceObjectId))?.unenrollReason ?? reason);
    const serialNumber = device?.certificate.serialNumber;
    if (serialNumber) await this.pki.revoke(serialNumber);
    if (device?.status === 'active') await this.devices.remove(deviceObjectId, at);
    await events.recordOnce(MDM_UNENROLLED, { Reason: recordedReason, SerialNumber: serialNumber });
  }
}
