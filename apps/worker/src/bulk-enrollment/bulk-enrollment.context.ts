import { bulkSubject, DeviceObject, EnrollJobData, ProvisioningPackageRecord } from '@app/enrollment';
import { CertificateContext } from '../shared/certificate.context';

export interface BulkContext extends CertificateContext {
  job: EnrollJobData;
  /** package + serial: what a bulk token's uses and the in-flight lock are counted by. */
  deviceSubject: string;
  package?: ProvisioningPackageRecord;
  deviceName?: string;
  device?: DeviceObject;
}

/** Until its name is resolved, a device is known by its serial number, as on its own screen. */
export function bulkContext(job: EnrollJobData): BulkContext {
  const deviceSubject = bulkSubject(job.packageId, job.serialNumber);
  return {
    deviceSubject,
    requestId: job.requestId,
    deviceObjectId: job.deviceObjectId,
    computer: job.serialNumber,
    inFlightSubject: deviceSubject,
    csr: job.csr,
    replacesCertificate: job.reenroll?.certificateSerial ?? job.renew?.certificateSerial,
    deviceIdentity: { trustType: 'AzureAd', packageId: job.packageId, serialNumber: job.serialNumber },
    job,
    eventData: {
      SerialNumber: job.serialNumber,
      PackageId: job.packageId,
      DeviceObjectId: job.deviceObjectId,
      RequestId: job.requestId,
      ...(job.hardwareId && { HardwareId: job.hardwareId }),
    },
  };
}

/** Once known, the name is what every later event shows as Computer. */
export function nameDevice(context: BulkContext, name: string): void {
  context.deviceName = name;
  context.computer = name;
  context.eventData.DeviceName = name;
}
