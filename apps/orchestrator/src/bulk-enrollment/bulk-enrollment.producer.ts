import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  APP_CONFIG,
  AppConfig,
  BULK_ENROLLMENT_QUEUE,
  BulkEnrollmentBody,
  BulkEnrollmentJob,
  bulkSubject,
  BulkTokenRecord,
  BulkTokenService,
  DeviceObject,
  DeviceRepository,
  EnrollJobData,
  enrollmentJobOptions,
  EnrollmentError,
  ErrorCode,
  MIN_BULK_ENROLLMENT_BUILD,
  parseWindowsBuild,
  ProvisioningPackageRepository,
  BulkEnrollmentQueue,
} from '@app/enrollment';
import { MetricsService } from '../operations/metrics.service';
import { Accepted, RequestIntake, RequestOrigin, sccmSubject } from '../requests/request-intake.service';

export type EnrollOutcome = Accepted | { kind: 'enrolled'; device: DeviceObject };

/** What a device that enrolls by itself says about itself, and whether it replaces its key. */
export type SelfEnrollment = Pick<EnrollJobData, 'reported' | 'reenroll'>;

/** Checks a device's enrollment against its package and token, then queues it (job id = request id). */
@Injectable()
export class BulkEnrollmentProducer {
  constructor(
    @InjectQueue(BULK_ENROLLMENT_QUEUE) private readonly queue: BulkEnrollmentQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: RequestIntake,
    private readonly metrics: MetricsService,
    private readonly packages: ProvisioningPackageRepository,
    private readonly devices: DeviceRepository,
    private readonly bulkTokens: BulkTokenService,
  ) {}

  async enroll(
    token: BulkTokenRecord,
    body: BulkEnrollmentBody,
    origin: RequestOrigin = { owner: `bulk-token:${token.id}` },
    self: SelfEnrollment = {},
  ): Promise<EnrollOutcome> {
    const build = parseWindowsBuild(body.osVersion);
    if (build === undefined || build < MIN_BULK_ENROLLMENT_BUILD) {
      throw EnrollmentError.permanent(
        ErrorCode.OsBuildUnsupported,
        `Bulk enrollment needs Windows 10 1703 (build ${MIN_BULK_ENROLLMENT_BUILD}) or later; this device runs ${body.osVersion}`,
      );
    }
    const pkg = await this.packages.get(body.packageId);
    if (!pkg) throw EnrollmentError.permanent(ErrorCode.PackageNotFound, `No provisioning package ${body.packageId}`);
    if (pkg.bulkTokenId !== token.id) {
      throw EnrollmentError.permanent(ErrorCode.BulkTokenWrongPackage, 'This bulk token does not belong to that package');
    }
    // The same device applying the package again gets what it already has, unless it brings a new key.
    const existing = await this.devices.findActive({ trustType: 'AzureAd', packageId: pkg.id, serialNumber: body.serialNumber });
    if (existing && !self.reenroll) {
      this.metrics.countIntake('bulk-enrollment', 'existing');
      return { kind: 'enrolled', device: existing };
    }

    const subject = bulkSubject(pkg.id, body.serialNumber);
    if (await this.bulkTokens.isExhaustedFor(token, subject)) {
      throw EnrollmentError.permanent(ErrorCode.BulkTokenExhausted, 'The bulk token has no uses left');
    }
    const { packageId, serialNumber, hardwareId, osVersion, csr } = body;
    const data: EnrollJobData = {
      packageId,
      serialNumber,
      hardwareId,
      osVersion,
      csr,
      requestId: randomUUID(),
      // A re-enrollment keeps the device object, so its request and events are the device's.
      deviceObjectId: self.reenroll && existing ? existing.id : randomUUID(),
      tokenId: token.id,
      sccm: origin.sccm,
      ...self,
    };
    return this.submit(data, origin, subject);
  }

  /**
   * A new certificate for an enrolled device that presented its current one: its package and serial
   * number as registered, no bulk token checked or counted (it may have expired or been used up since),
   * the same device object. The request is the device's, as its re-enrollments are.
   */
  async renew(device: DeviceObject, csr: string, reported: SelfEnrollment['reported']): Promise<Accepted> {
    const { packageId, serialNumber } = device;
    const pkg = packageId ? await this.packages.get(packageId) : null;
    if (!pkg || !packageId || !serialNumber) {
      throw EnrollmentError.permanent(
        ErrorCode.EnrollmentRequestUnsupported,
        `Device ${device.id} was not enrolled from a provisioning package; it cannot renew here`,
      );
    }
    const data: EnrollJobData = {
      packageId,
      serialNumber,
      hardwareId: device.hardwareId,
      osVersion: device.osVersion,
      csr,
      requestId: randomUUID(),
      deviceObjectId: device.id,
      tokenId: pkg.bulkTokenId,
      reported,
      renew: { certificateSerial: device.certificate.serialNumber },
    };
    return this.submit(data, { owner: `bulk-token:${pkg.bulkTokenId}` }, bulkSubject(packageId, serialNumber));
  }

  private submit(data: EnrollJobData, origin: RequestOrigin, subject: string): Promise<Accepted> {
    const { packageId, serialNumber, hardwareId, osVersion } = data;
    return this.intake.submit(
      {
        id: data.requestId,
        flow: 'bulk-enrollment',
        owner: origin.owner,
        deviceObjectId: data.deviceObjectId,
        subject: { packageId, serialNumber, osVersion, ...(hardwareId && { hardwareId }), ...sccmSubject(origin.sccm) },
      },
      subject,
      () => this.queue.add(BulkEnrollmentJob.Enroll, data, { ...enrollmentJobOptions(this.config.worker), jobId: data.requestId }),
    );
  }
}
