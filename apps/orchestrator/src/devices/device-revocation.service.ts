import { Injectable } from '@nestjs/common';
import { ADMIN_ISSUER, DeviceObject, EnrollmentError, ErrorCode, VerifiedIdentity } from '@app/enrollment';
import { Accepted } from '../requests/request-intake.service';
import { WorkplaceJoinProducer } from '../workplace-join/workplace-join.producer';

/**
 * What an administrator does for a lost or stolen device: its certificate revoked in the CRL and its
 * device object removed. For a Workplace Join object that is the user's leave, run for the user.
 */
@Injectable()
export class DeviceRevocation {
  constructor(private readonly workplaceJoin: WorkplaceJoinProducer) {}

  async revoke(device: DeviceObject): Promise<Accepted> {
    if (device.status === 'removed') {
      throw EnrollmentError.permanent(ErrorCode.DeviceRemoved, `Device object ${device.id} was already removed (${device.removedAt})`);
    }
    if (device.trustType === 'AzureAd') {
      // Revoking its certificate alone would leave an MDM enrollment behind that nothing can end.
      throw EnrollmentError.permanent(
        ErrorCode.DeviceRevokeUnsupported,
        `Device object ${device.id} was bulk-enrolled: bulk-enrolled devices are unenrolled over MDM (not yet available); nothing was changed`,
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
