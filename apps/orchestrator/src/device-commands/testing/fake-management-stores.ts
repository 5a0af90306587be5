import { randomUUID } from 'node:crypto';
import { DeviceObject, DeviceRepository, MdmEnrollment, MdmEnrollmentRepository } from '@app/enrollment';
import { FakeDeviceCommands, FakeManagedDevices } from '@app/enrollment/management/testing/management-fakes';
import { ManagedDeviceLookup } from '../managed-device-lookup.service';

/** The stores the service reads, in memory: device objects, MS-MDE2 enrollments, management records, commands. */
export function fakeStores() {
  const devices = new Map<string, DeviceObject>();
  const enrollments = new Map<string, MdmEnrollment>();
  const commandRepository = new FakeDeviceCommands();
  const managedRepository = new FakeManagedDevices();
  const { commands } = commandRepository;
  const managed = managedRepository.devices;
  const lookup = new ManagedDeviceLookup(
    { get: (id: string) => Promise.resolve(devices.get(id) ?? null) } as Partial<DeviceRepository> as DeviceRepository,
    { forDevice: (id: string) => Promise.resolve(enrollments.get(id) ?? null) } as Partial<MdmEnrollmentRepository> as MdmEnrollmentRepository,
    managedRepository,
  );

  /** A device object, enrolled over MS-MDE2 unless told otherwise. */
  function device(fields: Partial<DeviceObject> = {}, mde2 = true): DeviceObject {
    const object: DeviceObject = {
      id: randomUUID(),
      trustType: 'AzureAd',
      status: 'active',
      deviceId: randomUUID(),
      displayName: 'CONTOSO-0042',
      osVersion: '10.0.19045.2006',
      serialNumber: 'A1B2C3',
      certificate: { serialNumber: '0a', thumbprint: 'AA', notAfter: '2031-01-01T00:00:00.000Z' },
      requestId: randomUUID(),
      registeredAt: '2030-01-01T00:00:00.000Z',
      ...fields,
    };
    devices.set(object.id, object);
    if (mde2) {
      const management = { mdmDeviceId: 'A1B2C3', certificateStore: 'System' as const, clientNonce: 'sealed', serverNonce: 'sealed' };
      enrollments.set(object.id, { deviceObjectId: object.id, management } as Partial<MdmEnrollment> as MdmEnrollment);
    }
    return object;
  }

  return { devices, enrollments, managed, commands, commandRepository, managedRepository, lookup, device };
}
