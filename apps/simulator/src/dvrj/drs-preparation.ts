import type { DevicePlan } from '../devices';
import type { KeyPool } from '../key-pool';
import { WINDOWS_7_SP1 } from '../simulation-run';
import type { DrsDevice } from './drs-client';
import { drsRegistrationBody } from './registration-request';

/** What an MS-DVRJ run prepares before it sends: each join's registration, by join index. */
export interface DrsPreparation {
  devices: DrsDevice[];
}

/** The host name Windows reaches its registration service at, and names as TargetDomain: `enterpriseregistration.<domain>`. */
export function registrationHostOf(domain: string): string {
  return `enterpriseregistration.${domain}`;
}

/**
 * Gives every user@PC its registration body, signed with a key of the pool, before the measured part
 * (like the JSON joins' requests). Windows makes a second key for the transport key: the next key of the pool.
 */
export function prepareDrs(plan: Pick<DevicePlan, 'joins' | 'domain'>, keys: KeyPool): DrsPreparation {
  const targetDomain = registrationHostOf(plan.domain);
  return {
    devices: plan.joins.map((join): DrsDevice => {
      const key = keys.keyFor(join.index);
      return {
        publicKey: key.publicKey,
        body: drsRegistrationBody({
          privateKey: key.privateKey,
          transportKey: keys.keyFor(join.index + 1).publicKey,
          targetDomain,
          osVersion: WINDOWS_7_SP1,
          deviceDisplayName: join.pc.name,
        }),
      };
    }),
  };
}
