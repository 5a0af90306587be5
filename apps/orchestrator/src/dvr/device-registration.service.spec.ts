import { generateKeyPairSync } from 'node:crypto';
import { AppConfig, DeviceObject, DvrjRegisterRequest, EnrollmentError, ErrorCode, VerifiedIdentity, windowsCsr } from '@app/enrollment';
import { RequestOutcomes } from '../requests/request-outcomes.service';
import { DeviceRegistration } from './device-registration.service';

/** The real RequestOutcomes over a `settle` the test decides. */
const outcomesSettling = (settle: jest.Mock) => Object.assign(Object.create(RequestOutcomes.prototype) as RequestOutcomes, { settle });

const identity: VerifiedIdentity = { upn: 'alice@contoso.com', issuer: 'urn:test', expiresAt: new Date(Date.now() + 3600_000).toISOString() };
const PC = 'b3c4d5e6-0718-4293-a4b5-c6d7e8f90a1b';
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function body(overrides: Partial<DvrjRegisterRequest> = {}, deviceId?: string): DvrjRegisterRequest {
  const csr = windowsCsr({ commonName: 'x', privateKey: key, deviceIdExtensionValue: deviceId ? Buffer.from(deviceId, 'utf16le') : undefined });
  return {
    CertificateRequest: { Type: 'pkcs10', Data: csr.der.toString('base64') },
    TargetDomain: 'contoso.com',
    OSVersion: '10.0.19045.3803',
    DeviceDisplayName: 'PC-01',
    JoinType: 4,
    ...overrides,
  };
}

describe(DeviceRegistration.name, () => {
  let producer: { join: jest.Mock; leave: jest.Mock };
  let outcomes: { settle: jest.Mock };
  let sut: DeviceRegistration;

  beforeEach(() => {
    producer = { join: jest.fn().mockResolvedValue({ kind: 'accepted', requestId: 'r-1', status: 'queued' }), leave: jest.fn() };
    outcomes = { settle: jest.fn().mockResolvedValue({ status: 'failed', error: { code: ErrorCode.CsrKeyTooWeak, message: 'weak' } }) };
    const config = { deviceRegistration: { registrationWaitMs: 10 } } as AppConfig;
    sut = new DeviceRegistration(config, producer as never, outcomesSettling(outcomes.settle), { get: jest.fn() } as never, { get: jest.fn() } as never);
  });

  it.each([0, 1, 2, 3, 5])('refuses JoinType %i without queueing anything', async (JoinType) => {
    await expect(sut.register(identity, body({ JoinType }))).rejects.toMatchObject({ code: ErrorCode.EnrollmentRequestUnsupported, permanent: true });
    expect(producer.join).not.toHaveBeenCalled();
  });

  it('joins as the PC the CSR names, with the protocol noted', async () => {
    await sut.register(identity, body({}, `{${PC.toUpperCase()}}`)).catch(() => undefined);
    expect(producer.join).toHaveBeenCalledWith(
      identity,
      expect.objectContaining({ deviceId: PC, deviceName: 'PC-01', domain: 'contoso.com' }),
      undefined,
      'MS-DVRJ',
    );
  });

  it('knows a PC without a device id in its CSR by its domain and name, whatever their case', async () => {
    await sut.register(identity, body()).catch(() => undefined);
    await sut.register(identity, body({ TargetDomain: 'CONTOSO.COM', DeviceDisplayName: 'pc-01' })).catch(() => undefined);
    await sut.register(identity, body({ DeviceDisplayName: 'PC-02' })).catch(() => undefined);
    const ids = producer.join.mock.calls.map(([, join]) => join.deviceId);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("answers a failed flow with the flow's own error, as permanent", async () => {
    await expect(sut.register(identity, body())).rejects.toEqual(new EnrollmentError(ErrorCode.CsrKeyTooWeak, 'weak', true));
  });

  it('answers a flow still running at the deadline with a retryable refusal', async () => {
    outcomes.settle.mockResolvedValue({ status: 'running' });
    await expect(sut.register(identity, body())).rejects.toMatchObject({ code: ErrorCode.EnrollmentPending, permanent: false });
  });

  it('refuses a display name that is not a computer name, before queueing', async () => {
    await expect(sut.register(identity, body({ DeviceDisplayName: 'a name with spaces' }))).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(producer.join).not.toHaveBeenCalled();
  });

  it('deletes by the device object id the certificate carries, as the PC it stands for', async () => {
    const object = { id: 'obj-1', trustType: 'Workplace', status: 'active', userPrincipalName: 'alice@contoso.com', deviceId: PC } as DeviceObject;
    const leave = jest.fn().mockResolvedValue({ requestId: 'r-2' });
    sut = new DeviceRegistration(
      { deviceRegistration: { registrationWaitMs: 10 } } as AppConfig,
      { leave } as never,
      outcomesSettling(jest.fn().mockResolvedValue({ status: 'succeeded' })),
      { get: jest.fn().mockResolvedValue(object) } as never,
      {} as never,
    );
    await expect(sut.delete(identity, 'obj-1')).resolves.toBe('removed');
    expect(leave).toHaveBeenCalledWith(identity, PC, undefined, 'MS-DVRJ');
  });
});
