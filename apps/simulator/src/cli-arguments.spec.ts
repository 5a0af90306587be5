import { parseArguments } from './cli-arguments';
import { checkPlan } from './simulation';
import type { SimulationPlan } from './simulation.types';

const argv = (...args: string[]) => ['node', 'main.js', '--admin-key', 'k', ...args];

describe(parseArguments.name, () => {
  it.each([
    { args: [], expected: 'json' },
    { args: ['--bulk-protocol', 'json'], expected: 'json' },
    { args: ['--bulk-protocol', 'mde2'], expected: 'mde2' },
  ])('reads $args as bulkProtocol $expected', async ({ args, expected }) => {
    const { plan } = await parseArguments(argv(...args));

    expect(plan.bulkProtocol).toBe(expected);
  });

  it.each([
    { args: [], expected: 'json' },
    { args: ['--workplace-protocol', 'json'], expected: 'json' },
    { args: ['--workplace-protocol', 'dvrj'], expected: 'dvrj' },
  ])('reads $args as workplaceProtocol $expected', async ({ args, expected }) => {
    const { plan } = await parseArguments(argv(...args));

    expect(plan.workplaceProtocol).toBe(expected);
  });

  it.each([
    { args: [], expected: 0 },
    { args: ['--bulk-protocol', 'mde2', '--manage', '3'], expected: 3 },
  ])('reads $args as managementSessions $expected', async ({ args, expected }) => {
    const { plan } = await parseArguments(argv(...args));

    expect(plan.managementSessions).toBe(expected);
  });

  it('keeps the other options as they were', async () => {
    const { plan, json } = await parseArguments(argv('--bulk', '20', '--pcs', '0', '--bulk-protocol', 'mde2', '--json'));

    expect(plan).toMatchObject({ bulkDevices: 20, pcs: 0, adminKey: 'k', baseUrls: ['http://localhost:3000'] });
    expect(json).toBe(true);
  });
});

describe(checkPlan.name, () => {
  const plan = (override: Partial<SimulationPlan>): SimulationPlan => ({
    baseUrls: ['http://127.0.0.1:3000'],
    adminKey: 'k',
    pcs: 0,
    usersPerPc: 1,
    leaveRatio: 0,
    bulkDevices: 1,
    ...override,
  });

  it.each([undefined, 'json', 'mde2'] as const)('accepts bulkProtocol %p', (bulkProtocol) => {
    expect(() => checkPlan(plan({ bulkProtocol }))).not.toThrow();
  });

  it('accepts management sessions only for MS-MDE2 devices, in whole numbers', () => {
    expect(() => checkPlan(plan({ bulkProtocol: 'mde2', managementSessions: 2 }))).not.toThrow();
    expect(() => checkPlan(plan({ bulkProtocol: 'json', managementSessions: 2 }))).toThrow(/mde2/);
    expect(() => checkPlan(plan({ bulkProtocol: 'mde2', managementSessions: 1.5 }))).toThrow(/whole/);
  });

  it.each([undefined, 'json', 'dvrj'] as const)('accepts workplaceProtocol %p', (workplaceProtocol) => {
    expect(() => checkPlan(plan({ workplaceProtocol }))).not.toThrow();
  });

  it('refuses a workplace protocol it does not speak', () => {
    expect(() => checkPlan(plan({ workplaceProtocol: 'soap' as never }))).toThrow(/workplaceProtocol must be one of json, dvrj/);
  });

  it('refuses a bulk protocol it does not speak', () => {
    expect(() => checkPlan(plan({ bulkProtocol: 'soap' as never }))).toThrow(/bulkProtocol must be one of json, mde2/);
  });
});
