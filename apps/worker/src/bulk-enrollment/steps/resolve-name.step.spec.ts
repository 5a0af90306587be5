import { DeviceRepository, EnrollJobData, RequestRepository } from '@app/enrollment';
import { BulkContext, bulkContext } from '../bulk-enrollment.context';
import { ResolveNameStep } from './resolve-name.step';

/** Names held by other devices, and what this step claimed. */
class FakeDirectory {
  readonly holders = new Map<string, string>();
  readonly claims: string[] = [];
  async findActive() {
    return null;
  }
  async claimName(name: string, deviceObjectId: string) {
    this.claims.push(name);
    const holder = this.holders.get(name);
    if (holder && holder !== deviceObjectId) return false;
    this.holders.set(name, deviceObjectId);
    return true;
  }
  async releaseName(name: string, deviceObjectId: string) {
    if (this.holders.get(name) === deviceObjectId) this.holders.delete(name);
  }
}

function context(
  template: string,
  serialNumber = 'ABC123',
  requestId = '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
  extra: Partial<EnrollJobData> = {},
): BulkContext {
  const job = {
    ...extra,
    requestId,
    deviceObjectId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
    tokenId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    packageId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
    serialNumber,
    osVersion: '10.0.19045',
    csr: 'x',
  };
  const result = bulkContext(job);
  result.package = { deviceNameTemplate: template } as BulkContext['package'];
  return result;
}

describe(ResolveNameStep.name, () => {
  let directory: FakeDirectory;
  let recorded: Record<string, string>;
  let sut: ResolveNameStep;

  beforeEach(() => {
    directory = new FakeDirectory();
    recorded = {};
    const requests = { recordSubject: async (_: string, fields: Record<string, string>) => Object.assign(recorded, fields) };
    sut = new ResolveNameStep(directory as unknown as DeviceRepository, requests as unknown as RequestRepository);
  });

  it('names the device from its serial and records the name', async () => {
    const ctx = context('CONTOSO-%SERIAL%');
    await sut.run(ctx);
    expect(ctx.deviceName).toBe('CONTOSO-ABC123');
    expect(ctx.computer).toBe('CONTOSO-ABC123');
    expect(recorded.deviceName).toBe('CONTOSO-ABC123');
  });

  it('draws the random part again when a name is taken', async () => {
    const probe = context('LAB-%RAND:2%');
    await sut.run(probe); // learns this request's first draw…
    directory.holders.set(probe.deviceName!, 'someone-else'); // …which another device now holds
    const ctx = context('LAB-%RAND:2%');
    await sut.run(ctx);
    expect(ctx.deviceName).not.toBe(probe.deviceName);
    expect(ctx.deviceName).toMatch(/^LAB-\d{2}$/);
    expect(directory.claims.length).toBeGreaterThanOrEqual(3);
  });

  it('draws the same names on a retry of the same request, finding its own claim', async () => {
    const ctx = context('LAB-%RAND:6%');
    await sut.run(ctx);
    const again = context('LAB-%RAND:6%');
    await sut.run(again);
    expect(again.deviceName).toBe(ctx.deviceName);
    expect(directory.holders.size).toBe(1);
  });

  it('fails a serial-based name that is taken with NAME_COLLISION', async () => {
    directory.holders.set('PC-ABC123', 'someone-else');
    await expect(sut.run(context('PC-%SERIAL%'))).rejects.toMatchObject({ code: 'NAME_COLLISION', permanent: true });
  });

  it('fails with NAME_SPACE_EXHAUSTED when every drawn name is taken', async () => {
    for (let n = 0; n < 10; n++) directory.holders.set(`Z-${n}`, 'someone-else');
    await expect(sut.run(context('Z-%RAND:1%'))).rejects.toMatchObject({ code: 'NAME_SPACE_EXHAUSTED' });
  });

  it.each([
    ['NAME_TOO_LONG', 'CONTOSO-%SERIAL%', 'ABCDEFGHIJKL'],
    ['NAME_INVALID_CHARACTERS', 'PC-%SERIAL%', 'AB/12'],
    ['NAME_ALL_DIGITS', '%SERIAL%', '123456'],
  ])('fails with %s and claims nothing', async (code, template, serial) => {
    await expect(sut.run(context(template, serial))).rejects.toMatchObject({ code });
    expect(directory.holders.size).toBe(0);
  });

  describe('a device that reports its name', () => {
    const reported = (deviceName: string) =>
      context('CONTOSO-%RAND:4%', 'ABC123', undefined, { reported: { deviceName, mdmDeviceId: 'abc', enrollmentScope: 'device' } });

    it('keeps the name it carries and claims it', async () => {
      const ctx = reported('CONTOSO-0042');
      await sut.run(ctx);
      expect(ctx.deviceName).toBe('CONTOSO-0042');
      expect(recorded.deviceName).toBe('CONTOSO-0042');
      expect(directory.holders.get('CONTOSO-0042')).toBe(ctx.deviceObjectId);
    });

    it('claims it again on a retry, as its own', async () => {
      await sut.run(reported('CONTOSO-0042'));
      const again = reported('CONTOSO-0042');
      await sut.run(again);
      expect(again.deviceName).toBe('CONTOSO-0042');
    });

    it('fails with NAME_COLLISION when another active device holds it', async () => {
      directory.holders.set('CONTOSO-0042', 'someone-else');
      await expect(sut.run(reported('CONTOSO-0042'))).rejects.toMatchObject({
        code: 'NAME_COLLISION',
        permanent: true,
        message: expect.stringContaining('CONTOSO-0042'),
      });
    });

    it.each([
      ['NAME_INVALID_CHARACTERS', 'CONTOSO_1'],
      ['NAME_ALL_DIGITS', '12345'],
      ['NAME_TOO_LONG', 'ABCDEFGHIJKLMNOP'],
    ])('fails with %s for %s and claims nothing', async (code, name) => {
      await expect(sut.run(reported(name))).rejects.toMatchObject({ code, permanent: true });
      expect(directory.holders.size).toBe(0);
    });

    it('keeps the name of a device that is enrolled already', async () => {
      directory.findActive = async () => ({ displayName: 'CONTOSO-0001' }) as never;
      const ctx = reported('CONTOSO-0042');
      await sut.run(ctx);
      expect(ctx.deviceName).toBe('CONTOSO-0001');
      expect(directory.claims).toEqual([]);
    });
  });

  it('gives the name back when the request fails for good', async () => {
    const ctx = context('CONTOSO-%SERIAL%');
    await sut.run(ctx);
    await sut.compensate(ctx);
    expect(directory.holders.size).toBe(0);
  });
});
