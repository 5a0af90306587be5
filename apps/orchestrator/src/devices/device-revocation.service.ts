import { Injectable } from '@nestjs/common';
import { ADMIN_ISSUER, DeviceObject, EnrollmentError, ErrorCode, MdmEnrollmentRepository, VerifiedIdentity } from '@app/enrollment';
import { Accepted } from '../requests/request-intake.service';
import { WorkplaceJoinProducer } from '../workplace-join/workplace-join.producer';

/**
 * What an administrator does for a lost or stolen device: its certificate revoked in the CRL and its
 * device object removed. For a Workplace Join object that is the user's leave, run for the user.
 */
@Injectable()
export class DeviceRevocation {
  constructor(
    private readonly workplaceJoin: WorkplaceJoinProducer,
    private readonly enrollments: MdmEnrollmentRepository,
  ) {}

  async revoke(device: DeviceObject): Promise<Accepted> {
    if (device.status === 'removed') {
      throw EnrollmentError.permanent(ErrorCode.DeviceRemoved, `Device object ${device.id} was already removed (${device.removedAt})`);
    }
    if (device.trustType === 'AzureAd') {
      // Revoking its certificate alone would leave an MDM enrollment behind: it is ended where it is held.
      if ((await this.enrollments.forDevice(device.id))?.management) {
        throw EnrollmentError.permanent(
          ErrorCode.DeviceRevokeUnsupported,
          `Device object ${device.id} enrolled over MS-MDE2: it is unenrolled with DELETE /v1/devices/${device.id}/enrollment, ` +
            'and ?force=true revokes its certificate and removes it at once (enrollctl devices unenroll --force); nothing was changed',
        );
      }
      throw EnrollmentError.permanent(
        ErrorCode.DeviceRevokeUnsupported,
        `Device object ${device.id} was bulk-enrolled to join Entra ID: its MDM enrollment is ended there, not by this service; nothing was changed`,
      );
    }
    return this.workplaceJoin.leave(actingFor(device.userPrincipalName!), device.deviceId, { owner: 'admin' });
  }
}

/**
 * The user whose device an administrator revokes. The user's token may have long expired, and the
 * worker does not hold this identity to the user's policy (the admin key authorised the request).
 */
function actingFor(upn: string): VerifiedIdentity {
  return { upn, issuer: ADMIN_ISSUER, expiresAt: new Date().toISOString() };
}
