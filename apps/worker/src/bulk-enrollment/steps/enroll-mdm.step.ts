import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  conditionalAccessEligible,
  MdmEnrollment,
  MdmEnrollmentRepository,
  MdmManagement,
  mdmNonceBox,
  parseWindowsBuild,
  SecretBox,
  sealedManagementNonces,
} from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext } from '../bulk-enrollment.context';

/**
 * Records the userless MDM enrollment of the device, once: a device that has one keeps it (and its
 * nonces) however often this runs, also when it enrolls again for a new certificate. A package with
 * `mdmEnrollment` enrolls devices into this service (`windowsBulkUserless`), others through Entra ID.
 * Conditional Access needs build 17134 (1803) or later: bulk-enrolled devices on older builds are
 * recorded as not eligible.
 */
@Injectable()
export class EnrollMdmStep implements Step<BulkContext> {
  readonly name = 'enroll-mdm' as const;
  private readonly box: SecretBox;

  constructor(
    private readonly enrollments: MdmEnrollmentRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = mdmNonceBox(config.pki.passphrase);
  }

  async run(context: BulkContext) {
    const deviceObjectId = context.device?.id ?? context.deviceObjectId;
    const enrollment = (await this.enrollments.forDevice(deviceObjectId)) ?? (await this.enroll(context, deviceObjectId));
    // Never the nonces: events are read by admins and kept.
    return {
      EnrollmentId: enrollment.id,
      EnrollmentType: enrollment.enrollmentType,
      ConditionalAccessEligible: enrollment.conditionalAccessEligible,
    };
  }

  private enroll(context: BulkContext, deviceObjectId: string): Promise<MdmEnrollment> {
    const build = parseWindowsBuild(context.job.osVersion)!;
    // Drawn here, after the check above; when two runs race, the repository keeps the first one's.
    const management = context.job.reported && this.management(context.job.reported);
    return this.enrollments.enroll({
      id: randomUUID(),
      deviceObjectId,
      enrollmentType: context.package!.mdmEnrollment ? 'windowsBulkUserless' : 'windowsBulkAzureDomainJoin',
      userless: true,
      managementAgent: 'mdm',
      conditionalAccessEligible: conditionalAccessEligible(build),
      osVersion: context.job.osVersion,
      osBuild: build,
      requestId: context.requestId,
      enrolledAt: new Date().toISOString(),
      ...(management && { management }),
    });
  }

  private management(reported: NonNullable<BulkContext['job']['reported']>): MdmManagement {
    return {
      mdmDeviceId: reported.mdmDeviceId,
      certificateStore: reported.enrollmentScope === 'user' ? 'User' : 'System',
      ...sealedManagementNonces(this.box),
    };
  }
}
