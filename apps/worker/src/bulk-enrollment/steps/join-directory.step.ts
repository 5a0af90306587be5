import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  AppConfig,
  CertificateRepository,
  certificateRef,
  DeviceCertificateRef,
  DeviceObject,
  DEVICE_MANAGEMENT_QUEUE,
  DeviceManagementJob,
  deviceManagementJobId,
  DeviceManagementQueue,
  DeviceRepository,
  enrollmentJobOptions,
  EnrollmentError,
  ErrorCode,
  InventoryRepository,
  PkiService,
  SccmIdentifiers,
} from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext } from '../bulk-enrollment.context';

/**
 * Creates the device object (trustType AzureAd, userless), or finds the one this device already has. A
 * request that replaces the device's certificate points the object at the new one, then revokes the old
 * one (the CRL is re-signed before this step reports success), or, for a renewal, schedules its revocation
 * after the grace period; all of it is idempotent, so a retry finishes what a crash interrupted.
 */
@Injectable()
export class JoinDirectoryStep implements Step<BulkContext> {
  readonly name = 'join-directory' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(DEVICE_MANAGEMENT_QUEUE) private readonly deviceManagement: DeviceManagementQueue,
    private readonly devices: DeviceRepository,
    private readonly inventory: InventoryRepository,
    private readonly pki: PkiService,
    private readonly certificates: CertificateRepository,
  ) {}

  async run(context: BulkContext) {
    const { job, certificate, deviceName } = context;
    if (!certificate || !deviceName) {
      throw EnrollmentError.transient(ErrorCode.Internal, 'The name or certificate of this request was not recorded');
    }
    const { device } = await this.devices.register({
      id: job.deviceObjectId,
      trustType: 'AzureAd',
      status: 'active',
      deviceId: job.deviceObjectId,
      displayName: deviceName,
      osVersion: job.osVersion,
      serialNumber: job.serialNumber,
      hardwareId: job.hardwareId,
      packageId: job.packageId,
      certificate: certificateRef(certificate),
      requestId: job.requestId,
      sccm: job.sccm ?? (await this.fromInventory(job.serialNumber)),
      registeredAt: new Date().toISOString(),
    });
    context.device = device;
    if (context.replacesCertificate !== undefined) {
      context.device = await this.replaceCertificate(device, certificateRef(certificate), context.replacesCertificate, job.renew !== undefined);
    }
    return {
      DeviceObjectId: context.device.id,
      TrustType: context.device.trustType,
      ...(context.replacesCertificate !== undefined && { ReplacedSerialNumber: context.replacesCertificate }),
    };
  }

  /** Checked before each write, so that a retry after a crash does only what is left. */
  private async replaceCertificate(device: DeviceObject, certificate: DeviceCertificateRef, replaced: string, renewal: boolean): Promise<DeviceObject> {
    let current: DeviceObject | null = device;
    if (device.certificate.serialNumber !== certificate.serialNumber) current = await this.devices.replaceCertificate(device.id, certificate);
    if (current?.certificate.serialNumber !== certificate.serialNumber) {
      throw EnrollmentError.permanent(ErrorCode.DeviceRemoved, `Device ${device.id} was removed while its certificate was being replaced`);
    }
    // Only a certificate of this device object; the request may name another only by mistake.
    const old = await this.certificates.get(replaced);
    if (old?.deviceObjectId === current.id && old.serialNumber !== certificate.serialNumber) {
      if (renewal) await this.revokeAfterGrace(current.id, replaced);
      else await this.pki.revoke(replaced);
    }
    return current;
  }

  /** The renewed certificate stays valid while the device may still present it; the job id makes a retry add nothing. */
  private async revokeAfterGrace(deviceObjectId: string, serialNumber: string): Promise<void> {
    const delay = this.config.pki.renewalGraceS * 1000;
    await this.deviceManagement.add(
      DeviceManagementJob.RevokeRenewedCertificate,
      { deviceObjectId, serialNumber, renewedAt: new Date().toISOString() },
      { ...enrollmentJobOptions(this.config.worker), jobId: deviceManagementJobId.revokeRenewed(serialNumber), delay },
    );
  }

  /** A device that enrolls on its own (not through the hook) gets its ids from the imported inventory. */
  private async fromInventory(serialNumber: string): Promise<SccmIdentifiers | undefined> {
    const record = await this.inventory.findBySerialNumber(serialNumber);
    if (!record) return undefined;
    const { resourceId, smbiosGuid, name, adSite } = record;
    return { resourceId, smbiosGuid, serialNumber: record.serialNumber, name, adSite };
  }

  async restore(context: BulkContext): Promise<void> {
    context.device = (await this.devices.findActive(context.deviceIdentity)) ?? undefined;
  }
}
