import { randomUUID } from 'node:crypto';
import {
  DeviceCommand,
  DeviceCommandRepository,
  DeviceObject,
  DeviceRepository,
  ManagedDevice,
  ManagedDeviceRepository,
  MdmEnrollment,
  MdmEnrollmentRepository,
} from '@app/enrollment';
import { ManagedDeviceLookup } from '../managed-device-lookup.service';

/** The stores the service reads, in memory: device objects, MS-MDE2 enrollments, management records, commands. */
export function fakeStores() {
  const devices = new Map<string, DeviceObject>();
  const enrollments = new Map<string, MdmEnrollment>();
  const managed = new Map<string, ManagedDevice>();
  const commands = new Map<string, DeviceCommand>();
  const unenrollRequests: string[] = [];
  const commandRepository = {
    add: (command: DeviceCommand) => {
      if (!commands.has(command.id)) commands.set(command.id, structuredClone(command));
      return Promise.resolve(structuredClone(commands.get(command.id)!));
    },
    get: (deviceObjectId: string, id: string) => Promise.resolve(commands.get(id)?.deviceObjectId === deviceObjectId ? commands.get(id)! : null),
    list: (deviceObjectId: string) => Promise.resolve([...commands.values()].filter((command) => command.deviceObjectId === deviceObjectId)),
  } as Partial<DeviceCommandRepository> as DeviceCommandRepository;
  const managedRepository = {
    get: (id: string) => Promise.resolve(managed.get(id) ?? null),
    requestUnenrollment: (id: string) => Promise.resolve(void unenrollRequests.push(id)),
  } as Partial<ManagedDeviceRepository> as ManagedDeviceRepository;
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

  return { devices, enrollments, managed, commands, unenrollRequests, commandRepository, managedRepository, lookup, device };
}
