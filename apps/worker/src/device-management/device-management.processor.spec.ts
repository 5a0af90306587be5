import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'winston';
import { DeviceManagementJob, EnrollmentError, ErrorCode } from '@app/enrollment';
import { DeviceUnenrollment } from './device-unenrollment.service';
import { DeviceManagementProcessor } from './device-management.processor';
import { RecordSessionHandler } from './record-session.handler';
import { RevokeRenewedCertificateHandler } from './revoke-renewed-certificate.handler';

const DEVICE = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const AT = '2025-06-01T10:00:00.000Z';

const DATA: Record<DeviceManagementJob, unknown> = {
  [DeviceManagementJob.RecordSession]: {
    deviceObjectId: DEVICE,
    mdmDeviceId: 'DEV-1',
    sessionId: '1A',
    msgId: 1,
    at: AT,
    sessionStarted: true,
    outcomes: [],
    expired: [],
    unenrollRequested: false,
  },
  [DeviceManagementJob.Unenroll]: { deviceObjectId: DEVICE, reason: 'forced', at: AT },
  [DeviceManagementJob.RevokeRenewedCertificate]: { deviceObjectId: DEVICE, serialNumber: '1A2B', renewedAt: AT },
};

const job = (name: string, data: unknown, attemptsMade = 0) => ({ id: 'j1', name, data, attemptsMade, queueName: 'device-management' }) as unknown as Job;

describe(DeviceManagementProcessor.name, () => {
  const sessions = { record: jest.fn() };
  const unenrollment = { unenroll: jest.fn() };
  const renewals = { revoke: jest.fn() };
  const logger = { error: jest.fn() };
  let sut: DeviceManagementProcessor;

  beforeEach(() => {
    jest.resetAllMocks();
    sut = new DeviceManagementProcessor(
      sessions as unknown as RecordSessionHandler,
      unenrollment as unknown as DeviceUnenrollment,
      renewals as unknown as RevokeRenewedCertificateHandler,
      logger as unknown as Logger,
    );
  });

  it('hands each job to its handler with the data the contract parsed', async () => {
    for (const [name, data] of Object.entries(DATA)) await sut.process(job(name, data));

    expect(sessions.record).toHaveBeenCalledWith(DATA[DeviceManagementJob.RecordSession]);
    expect(unenrollment.unenroll).toHaveBeenCalledWith(DEVICE, 'forced', new Date(AT));
    // The contract writes serials in lower case.
    expect(renewals.revoke).toHaveBeenCalledWith({ deviceObjectId: DEVICE, serialNumber: '1a2b', renewedAt: AT });
  });

  it.each([
    ['an unknown job name', job('reticulate', {})],
    ['data that does not match the contract', job(DeviceManagementJob.Unenroll, { deviceObjectId: 'not-a-uuid', reason: 'device', at: AT })],
  ])('fails %s for good', async (_, bad) => {
    await expect(sut.process(bad)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('rethrows a transient fault, so that BullMQ retries it with backoff', async () => {
    const fault = EnrollmentError.transient(ErrorCode.StoreUnavailable, 'Redis is loading');
    unenrollment.unenroll.mockRejectedValue(fault);

    await expect(sut.process(job(DeviceManagementJob.Unenroll, DATA[DeviceManagementJob.Unenroll]))).rejects.toBe(fault);
  });

  it('ends the job at once on a permanent fault', async () => {
    unenrollment.unenroll.mockRejectedValue(EnrollmentError.permanent(ErrorCode.ValidationFailed, 'bad'));

    await expect(sut.process(job(DeviceManagementJob.Unenroll, DATA[DeviceManagementJob.Unenroll]))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('retries an unknown error once, then ends the job and logs its stack', async () => {
    const bug = new TypeError('x is undefined');
    renewals.revoke.mockRejectedValue(bug);
    const revokeJob = (attemptsMade: number) =>
      job(DeviceManagementJob.RevokeRenewedCertificate, DATA[DeviceManagementJob.RevokeRenewedCertificate], attemptsMade);

    await expect(sut.process(revokeJob(0))).rejects.toBe(bug);
    await expect(sut.process(revokeJob(1))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith('unexpected error', expect.objectContaining({ stack: bug.stack }));
  });
});
