import { CONDITIONAL_ACCESS_MIN_BUILD, conditionalAccessEligible, MIN_BULK_ENROLLMENT_BUILD, parseWindowsBuild } from './os-build';

describe(parseWindowsBuild.name, () => {
  it.each<{ osVersion: string; expected: number | undefined }>([
    { osVersion: '10.0.17134', expected: 17134 },
    { osVersion: '10.0.17134.1', expected: 17134 },
    { osVersion: '10.0.15063.0', expected: 15063 },
    { osVersion: '10.0.15062', expected: 15062 },
    { osVersion: '10.0.22631.3007', expected: 22631 },
    { osVersion: '10.0.19045.4046', expected: 19045 },
    { osVersion: '6.3.9600', expected: undefined },
    { osVersion: '6.1.7601.65536', expected: undefined },
    { osVersion: '11.0.22000', expected: undefined },
    { osVersion: '1.0.17134', expected: undefined },
    { osVersion: '100.0.17134', expected: undefined },
    { osVersion: '10.0', expected: undefined },
    { osVersion: '10', expected: undefined },
    { osVersion: '10.0.17134.1.2', expected: undefined },
    { osVersion: '10.0.abc', expected: undefined },
    { osVersion: '10.0.17134.', expected: undefined },
    { osVersion: ' 10.0.17134', expected: undefined },
    { osVersion: '10.0.-1', expected: undefined },
    { osVersion: '', expected: undefined },
  ])('reads "$osVersion" as $expected', ({ osVersion, expected }) => {
    expect(parseWindowsBuild(osVersion)).toBe(expected);
  });
});

describe(conditionalAccessEligible.name, () => {
  it('names 1703 and 1803 as the minimum builds', () => {
    expect([MIN_BULK_ENROLLMENT_BUILD, CONDITIONAL_ACCESS_MIN_BUILD]).toEqual([15063, 17134]);
  });

  it.each<{ build: number; expected: boolean }>([
    { build: 15063, expected: false },
    { build: 17133, expected: false },
    { build: 17134, expected: true },
    { build: 17135, expected: true },
    { build: 22631, expected: true },
  ])('says build $build is eligible: $expected', ({ build, expected }) => {
    expect(conditionalAccessEligible(build)).toBe(expected);
  });
});
