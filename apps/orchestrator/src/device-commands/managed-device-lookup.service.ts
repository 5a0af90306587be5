import { Injectable } from '@nestjs/common';
import { DeviceObject, DeviceRepository, EnrollmentError, ErrorCode, ManagedDeviceRepository, MdmEnrollmentRepository } from '@app/enrollment';

/** A device object an administrator may send commands to, with what the management server knows of it. */
export interface ManageableDevice {
  device: DeviceObject;
  mdmDeviceId: string;
}

const DEVICE_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds device objects for the management routes: 404 when unknown, 409 when not one this service manages. */
@Injectable()
export class ManagedDeviceLookup {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly enrollments: MdmEnrollmentRepository,
    private readonly managed: ManagedDeviceRepository,
  ) {}

  /** The device object, whatever its state. */
  async find(id: string): Promise<DeviceObject> {
    const device = DEVICE_OBJECT_ID.test(id) ? await this.devices.get(id.toLowerCase()) : null;
    if (!device) throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, `No device object ${id}`);
    return device;
  }

  /**
   * An active device object that enrolled over MS-MDE2 and was not unenrolled: only such a device opens
   * management sessions, so only it will ever receive a command.
   */
  async manageable(id: string): Promise<ManageableDevice> {
    const device = await this.find(id);
    if (device.status === 'removed') {
      throw EnrollmentError.permanent(ErrorCode.DeviceRemoved, `Device object ${device.id} was already removed (${device.removedAt})`);
    }
    const management = (await this.enrollments.forDevice(device.id))?.management;
    if (!management) {
      throw EnrollmentError.permanent(
        ErrorCode.DeviceNotManaged,
        `Device object ${device.id} did not enroll over MS-MDE2 into this service, so it opens no management sessions and cannot be sent commands`,
      );
    }
    const record = await this.managed.get(device.id);
    if (record?.unenrolledAt) {
      throw EnrollmentError.permanent(ErrorCode.DeviceNotManaged, `Device object ${device.id} was unenrolled (${record.unenrolledAt})`);
    }
    return { device, mdmDeviceId: management.mdmDeviceId };
  }
}
