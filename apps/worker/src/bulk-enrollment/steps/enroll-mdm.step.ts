import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { conditionalAccessEligible, MdmEnrollmentRepository, parseWindowsBuild } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext } from '../bulk-enrollment.context';

/**
 * Records the userless MDM enrollment of the device. Conditional Access needs build 17134 (1803) or
 * later: bulk-enrolled devices on older builds are recorded as not eligible.
 */
@Injectable()
export class EnrollMdmStep implements Step<BulkContext> {
  readonly name = 'enroll-mdm' as const;

  constructor(private readonly enrollments: MdmEnrollmentRepository) {}

  async run(context: BulkContext) {
    const deviceObjectId = context.device?.id ?? context.deviceObjectId;
    const build = parseWindowsBuild(context.job.osVersion)!;
    const enrollment = await this.enrollments.enroll({
      id: randomUUID(),
      deviceObjectId,
      enrollmentType: 'windowsBulkAzureDomainJoin',
      userless: true,
      managementAgent: 'mdm',
      conditionalAccessEligible: conditionalAccessEligible(build),
      osVersion: context.job.osVersion,
      osBuild: build,
      requestId: context.requestId,
      enrolledAt: new Date().toISOString(),
    });
    return {
      EnrollmentId: enrollment.id,
      EnrollmentType: enrollment.enrollmentType,
      ConditionalAccessEligible: enrollment.conditionalAccessEligible,
    };
  }
}
