import { AppConfig, EnrollJobData, MdmEnrollment, MdmEnrollmentRepository, mdmNonceBox, openManagementNonces } from '@app/enrollment';
import { BulkContext, bulkContext } from '../bulk-enrollment.context';
import { EnrollMdmStep } from './enroll-mdm.step';

const PASSPHRASE = 'unit-test-passphrase-0123456789';

/** Keeps the first enrollment of each device, as the Redis script does. */
class FakeEnrollments {
  readonly byDevice = new Map<string, MdmEnrollment>();
  enrollCalls = 0;
  async enroll(enrollment: MdmEnrollment) {
    this.enrollCalls++;
    const first = this.byDevice.get(enrollment.deviceObjectId) ?? enrollment;
    this.byDevice.set(enrollment.deviceObjectId, first);
    return first;
  }
  async forDevice(deviceObjectId: string) {
    return this.byDevice.get(deviceObjectId) ?? null;
  }
}

function context(pkg: Partial<NonNullable<BulkContext['package']>>, extra: Partial<EnrollJobData> = {}): BulkContext {
  const job = {
    requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
    deviceObjectId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
    tokenId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    packageId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
    serialNumber: 'ABC123',
    osVersion: '10.0.19045',
    csr: 'x',
    ...extra,
  };
  const result = bulkContext(job);
  result.package = pkg as BulkContext['package'];
  return result;
}

const MDM_PACKAGE = { mdmEnrollment: { userPrincipalName: 'enroll@contoso.com' } };
const reported = (enrollmentScope: 'device' | 'user') => ({
  reported: { deviceName: 'CONTOSO-0042', mdmDeviceId: '{5A3F0C2E-1B4D-4E6F-8A9B-0C1D2E3F4A5B}', enrollmentScope },
});

describe(EnrollMdmStep.name, () => {
  let enrollments: FakeEnrollments;
  let sut: EnrollMdmStep;

  beforeEach(() => {
    enrollments = new FakeEnrollments();
    const config = { pki: { passphrase: PASSPHRASE } } as AppConfig;
    sut = new EnrollMdmStep(enrollments as unknown as MdmEnrollmentRepository, config);
  });

  const stored = () => [...enrollments.byDevice.values()][0];

  it.each([
    ['windowsBulkUserless', 'enrolls into this service', MDM_PACKAGE],
    ['windowsBulkAzureDomainJoin', 'joins Entra ID', {}],
  ])('records %s for a package that %s', async (type, _, pkg) => {
    const output = await sut.run(context(pkg));
    expect(stored().enrollmentType).toBe(type);
    expect(output).toMatchObject({ EnrollmentType: type });
  });

  it('records no management details for a device that reported nothing', async () => {
    await sut.run(context(MDM_PACKAGE));
    expect(stored().management).toBeUndefined();
  });

  it.each([
    ['device', 'System'],
    ['user', 'User'],
  ] as const)('keeps a %s-scoped enrollment in the %s store, with its MDM DeviceID', async (scope, store) => {
    await sut.run(context(MDM_PACKAGE, reported(scope)));
    expect(stored().management).toMatchObject({ mdmDeviceId: '{5A3F0C2E-1B4D-4E6F-8A9B-0C1D2E3F4A5B}', certificateStore: store });
  });

  it('stores two fresh 16-byte nonces, sealed, that only the nonce box opens', async () => {
    await sut.run(context(MDM_PACKAGE, reported('device')));
    const enrollment = stored();
    const nonces = openManagementNonces(enrollment, mdmNonceBox(PASSPHRASE));

    expect(Buffer.from(nonces.clientNonce, 'base64')).toHaveLength(16);
    expect(Buffer.from(nonces.serverNonce, 'base64')).toHaveLength(16);
    expect(nonces.clientNonce).not.toBe(nonces.serverNonce);
    expect(JSON.stringify(enrollment)).not.toContain(nonces.clientNonce);
    expect(JSON.stringify(enrollment)).not.toContain(nonces.serverNonce);
    expect(() => openManagementNonces(enrollment, mdmNonceBox('another-passphrase-0123456789'))).toThrow();
  });

  it('keeps the same enrollment and nonces when the step runs again', async () => {
    const first = await sut.run(context(MDM_PACKAGE, reported('device')));
    const sealed = stored().management;
    const again = await sut.run(context(MDM_PACKAGE, reported('device')));

    expect(again).toEqual(first);
    expect(stored().management).toEqual(sealed);
    expect(enrollments.enrollCalls).toBe(1);
  });

  it('never puts the nonces in its event data', async () => {
    const output = await sut.run(context(MDM_PACKAGE, reported('device')));
    const { clientNonce, serverNonce } = openManagementNonces(stored(), mdmNonceBox(PASSPHRASE));
    const text = JSON.stringify(output);

    expect(text).not.toContain(clientNonce);
    expect(text).not.toContain(serverNonce);
    expect(text).not.toContain(stored().management!.clientNonce);
  });
});
