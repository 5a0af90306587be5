import { Injectable } from '@nestjs/common';
import {
  certificateRef,
  DeviceRepository,
  EnrollmentError,
  ErrorCode,
  InventoryRepository,
  SccmIdentifiers,
} from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext } from '../bulk-enrollment.context';

/** Creates the device object (trustType AzureAd, userless), or finds the one this device already has. */
@Injectable()
export class JoinDirectoryStep implements Step<BulkContext> {
  readonly name = 'join-directory' as const;

  constructor(
    private readonly devices: DeviceRepository,
    private readonly inventory: InventoryRepository,
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
    return { DeviceObjectId: device.id, TrustType: device.trustType };
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
