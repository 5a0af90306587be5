/** Windows 10 1703: the first build that applies bulk-enrollment provisioning packages. */
export const MIN_BULK_ENROLLMENT_BUILD = 15063;

/** Windows 10 1803: the first build whose bulk-enrolled devices can take part in conditional access. */
export const CONDITIONAL_ACCESS_MIN_BUILD = 17134;

const WINDOWS_VERSION = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})(?:\.\d{1,5})?$/;

/** The build number of a Windows 10/11 version such as `10.0.17134` or `10.0.17134.1`; undefined for anything else. */
export function parseWindowsBuild(osVersion: string): number | undefined {
  const match = WINDOWS_VERSION.exec(osVersion);
  // Windows 11 still reports major version 10, so 10 covers both.
  if (!match || Number(match[1]) !== 10) return undefined;
  return Number(match[3]);
}

/** Whether a device of this build can be made compliant for conditional access. */
export function conditionalAccessEligible(build: number): boolean {
  return build >= CONDITIONAL_ACCESS_MIN_BUILD;
}
