import { NetbiosName } from '@app/enrollment';
import { pcName, planDevices, sendOrder, spread } from './devices';

describe(planDevices.name, () => {
  it.each([
    { pcs: 5, usersPerPc: 3, leaveRatio: 0.4, bulkDevices: 20, joins: 15, leaves: 6 },
    { pcs: 1, usersPerPc: 1, leaveRatio: 1, bulkDevices: 0, joins: 1, leaves: 1 },
    { pcs: 10, usersPerPc: 2, leaveRatio: 0, bulkDevices: 3, joins: 20, leaves: 0 },
    { pcs: 3, usersPerPc: 3, leaveRatio: 0.5, bulkDevices: 0, joins: 9, leaves: 5 },
    { pcs: 0, usersPerPc: 3, leaveRatio: 0.5, bulkDevices: 7, joins: 0, leaves: 0 },
  ])('$pcs PCs × $usersPerPc users, leaving $leaveRatio, $bulkDevices bulk', (input) => {
    const sut = planDevices(input);
    expect(sut.joins).toHaveLength(input.joins);
    expect(sut.joins.filter((join) => join.leaves)).toHaveLength(input.leaves);
    expect(sut.bulk).toHaveLength(input.bulkDevices);
    expect(sut.expected).toEqual({ 'workplace-join': input.joins, 'workplace-leave': input.leaves, 'bulk-enrollment': input.bulkDevices });
    expect(sut.total).toBe(input.joins + input.leaves + input.bulkDevices);
  });

  it('gives every PC its own GUID and a valid NetBIOS name, and every user@PC its own user', () => {
    const sut = planDevices({ pcs: 40, usersPerPc: 3, leaveRatio: 0.3, bulkDevices: 50, tag: 'ZZ9Q' });
    expect(new Set(sut.pcs.map((pc) => pc.deviceId)).size).toBe(40);
    for (const pc of sut.pcs) expect(NetbiosName.safeParse(pc.name).success).toBe(true);
    expect(new Set(sut.joins.map((join) => join.upn)).size).toBe(120);
    expect(sut.joins.every((join) => join.upn.endsWith('@contoso.com'))).toBe(true);
    expect(new Set(sut.bulk.map((device) => device.serialNumber)).size).toBe(50);
    expect(sut.bulk.every((device) => /^SIMZZ9Q[0-9A-Z]+$/.test(device.serialNumber))).toBe(true);
  });

  it('keeps the name of the last PC a plan may have a valid NetBIOS name', () => {
    expect(pcName('ZZ9Q', 999_998)).toBe('PC-ZZ9Q-999999');
    expect(NetbiosName.safeParse(pcName('ZZ9Q', 999_998)).success).toBe(true);
    expect(() => planDevices({ pcs: 1_000_000, usersPerPc: 1, leaveRatio: 0, bulkDevices: 0 })).toThrow(/pcs/);
  });

  it('names users in the domain asked for', () => {
    const sut = planDevices({ pcs: 1, usersPerPc: 2, leaveRatio: 0, bulkDevices: 0, domain: 'fabrikam.com' });
    expect(sut.domain).toBe('fabrikam.com');
    expect(sut.joins.map((join) => join.upn.split('@')[1])).toEqual(['fabrikam.com', 'fabrikam.com']);
  });

  it('draws a new tag per run, so two runs share no names', () => {
    const [a, b] = [
      planDevices({ pcs: 1, usersPerPc: 1, leaveRatio: 0, bulkDevices: 1 }),
      planDevices({ pcs: 1, usersPerPc: 1, leaveRatio: 0, bulkDevices: 1 }),
    ];
    expect(a.tag).toMatch(/^[0-9A-Z]{4}$/);
    expect([a.pcs[0].name, a.bulk[0].serialNumber]).not.toEqual([b.pcs[0].name, b.bulk[0].serialNumber]);
  });

  it.each([
    { input: { pcs: -1 }, message: /pcs/ },
    { input: { pcs: 1.5 }, message: /pcs/ },
    { input: { bulkDevices: Number.NaN }, message: /bulkDevices/ },
    { input: { leaveRatio: 1.2 }, message: /leaveRatio/ },
    { input: { leaveRatio: Number.NaN }, message: /leaveRatio/ },
  ])('refuses $input', ({ input, message }) => {
    expect(() => planDevices({ pcs: 1, usersPerPc: 1, leaveRatio: 0, bulkDevices: 1, ...input })).toThrow(message);
  });
});

describe(spread.name, () => {
  it.each([
    { n: 10, chosen: 0, expected: [] },
    { n: 10, chosen: 10, expected: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { n: 10, chosen: 5, expected: [1, 3, 5, 7, 9] },
    { n: 10, chosen: 2, expected: [4, 9] },
    { n: 3, chosen: 1, expected: [2] },
  ])('picks $chosen of $n evenly', ({ n, chosen, expected }) => {
    expect([...spread(n, chosen)]).toEqual(expected);
  });
});

describe(sendOrder.name, () => {
  it('interleaves joins and bulk enrollments in proportion and keeps each in its own order', () => {
    const sut = planDevices({ pcs: 4, usersPerPc: 2, leaveRatio: 0, bulkDevices: 4 });
    const order = sendOrder(sut);
    expect(order.map((request) => request.flow[0])).toEqual(['b', 'w', 'w', 'b', 'w', 'w', 'b', 'w', 'w', 'b', 'w', 'w']);
    expect(order.filter((request) => request.flow === 'workplace-join')).toEqual(sut.joins);
    expect(order.filter((request) => request.flow === 'bulk-enrollment')).toEqual(sut.bulk);
  });

  it.each([
    { pcs: 0, bulkDevices: 3 },
    { pcs: 3, bulkDevices: 0 },
    { pcs: 0, bulkDevices: 0 },
  ])('sends everything with $pcs PCs and $bulkDevices bulk devices', ({ pcs, bulkDevices }) => {
    const sut = planDevices({ pcs, usersPerPc: 1, leaveRatio: 0, bulkDevices });
    expect(sendOrder(sut)).toHaveLength(pcs + bulkDevices);
  });
});
