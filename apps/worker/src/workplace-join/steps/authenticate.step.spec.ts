import { ADMIN_ISSUER, AppConfig, DeviceRepository, IdentityPolicy, LeaveJobData, SCCM_HOOK_ISSUER, VerifiedIdentity } from '@app/enrollment';
import { joinContext, workplaceFlowContext } from '../workplace-join.context';
import { AuthenticateStep } from './authenticate.step';

const identity = (issuer: string, keyId?: string): VerifiedIdentity => ({ upn: 'alice@contoso.com', issuer, keyId, expiresAt: '2020-01-01T00:00:00.000Z' });

const job = (who: VerifiedIdentity) => ({
  requestId: '6f1c3a52-8b7e-4d21-9a0f-2c4b6d8e0f13',
  deviceObjectId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  identity: who,
  deviceId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  deviceName: 'PC01',
  domain: 'contoso.com',
  osVersion: '6.1.7601',
});

const leave = (who: VerifiedIdentity) => ({ ...workplaceFlowContext(job(who)), job: job(who) as LeaveJobData });
const join = (who: VerifiedIdentity) => joinContext({ ...job(who), csr: 'x' });

describe(AuthenticateStep.name, () => {
  let checked: VerifiedIdentity[];
  let sut: AuthenticateStep;

  beforeEach(() => {
    checked = [];
    const policy = { check: async (who: VerifiedIdentity) => void checked.push(who) };
    const devices = { claimUserPlace: async () => true };
    sut = new AuthenticateStep(
      policy as unknown as IdentityPolicy,
      devices as unknown as DeviceRepository,
      { directory: { maxDevicesPerUser: 20 } } as AppConfig,
    );
  });

  it.each([
    ['checks a user who leaves (the AD FS key of the token must still be published)', leave(identity('https://adfs.contoso.com/adfs', 'kid-1')), 1],
    ['checks a leave that the Configuration Manager hook vouches for', leave(identity(SCCM_HOOK_ISSUER)), 1],
    ["does not hold an administrator's revoke to the user's policy: the admin key authorised it", leave(identity(ADMIN_ISSUER)), 0],
    ['checks a join that claims to come from an administrator', join(identity(ADMIN_ISSUER)), 1],
  ])('%s', async (_, context, checks) => {
    await expect(sut.run(context)).resolves.toEqual({ Issuer: context.job.identity.issuer });
    expect(checked).toHaveLength(checks);
  });
});
