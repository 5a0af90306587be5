import { Injectable } from '@nestjs/common';
import {
  BulkTokenRepository,
  bulkTokenState,
  EnrollmentError,
  ErrorCode,
  HookEventRepository,
  ProvisioningPackageRepository,
  SCCM_HOOK_ISSUER,
  SccmHookBody,
  VerifiedIdentity,
} from '@app/enrollment';
import { BulkEnrollmentProducer, EnrollOutcome } from '../bulk-enrollment/bulk-enrollment.producer';
import { RequestOrigin } from '../requests/request-intake.service';
import { JoinOutcome, WorkplaceJoinProducer } from '../workplace-join/workplace-join.producer';

export type HookOutcome = { kind: 'replayed'; requestId?: string } | JoinOutcome | EnrollOutcome;

/**
 * Maps Configuration Manager's events onto the same producers, queues and steps as the device endpoints.
 * Each event id is taken once: a replay is answered with what the first delivery made, never enqueued again.
 */
@Injectable()
export class SccmHookService {
  constructor(
    private readonly events: HookEventRepository,
    private readonly workplaceJoin: WorkplaceJoinProducer,
    private readonly bulkEnrollment: BulkEnrollmentProducer,
    private readonly packages: ProvisioningPackageRepository,
    private readonly tokens: BulkTokenRepository,
  ) {}

  async handle(event: SccmHookBody): Promise<HookOutcome> {
    if (!(await this.events.take(event.eventId))) return { kind: 'replayed', requestId: await this.events.requestOf(event.eventId) };
    try {
      const outcome = await this.dispatch(event, { owner: 'sccm-hook', sccm: event.sccm });
      await this.events.remember(event.eventId, outcome.kind === 'accepted' ? outcome.requestId : outcome.device.requestId);
      return outcome;
    } catch (error) {
      // Refused events are not remembered, so the same event may be sent again once corrected.
      await this.events.forget(event.eventId);
      throw error;
    }
  }

  private async dispatch(event: SccmHookBody, origin: RequestOrigin): Promise<JoinOutcome | EnrollOutcome> {
    switch (event.action) {
      case 'workplace-join': {
        const { deviceId, deviceName, domain, osVersion, csr } = event;
        return this.workplaceJoin.join(vouchedFor(event.userPrincipalName), { deviceId, deviceName, domain, osVersion, csr }, origin);
      }
      case 'leave':
        return this.workplaceJoin.leave(vouchedFor(event.userPrincipalName), event.deviceId, origin);
      case 'bulk-enroll': {
        const pkg = await this.packages.get(event.packageId);
        if (!pkg) throw EnrollmentError.permanent(ErrorCode.PackageNotFound, `No provisioning package ${event.packageId}`);
        const token = await this.tokens.get(pkg.bulkTokenId);
        const state = token ? bulkTokenState(token, Date.now()) : 'unknown';
        if (!token || state === 'expired' || state === 'revoked' || state === 'unknown') {
          throw EnrollmentError.permanent(ErrorCode.PackageTokenUnusable, `The package's bulk token is ${state}`);
        }
        const { packageId, serialNumber, hardwareId, osVersion, csr } = event;
        return this.bulkEnrollment.enroll(token, { packageId, serialNumber, hardwareId, osVersion, csr }, origin);
      }
    }
  }
}

/** The user of a Workplace Join that the signed hook vouches for, in place of an AD FS token. */
function vouchedFor(upn: string): VerifiedIdentity {
  return { upn, issuer: SCCM_HOOK_ISSUER, expiresAt: new Date().toISOString() };
}
