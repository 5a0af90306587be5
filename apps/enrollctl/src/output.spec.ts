import { formatTime, keyValues, table } from './output';

describe(table.name, () => {
  it('pads columns to their widest cell, two spaces apart, without trailing spaces', () => {
    const sut = table(
      ['ID', 'STATE', 'MAX USES'],
      [
        ['a1', 'active', 100],
        ['b2-long', 'revoked', null],
      ],
    );
    expect(sut.split('\n')).toEqual(['ID       STATE    MAX USES', 'a1       active   100', 'b2-long  revoked  -']);
  });

  it('shows empty last cells without trailing spaces', () => {
    expect(table(['STEP', 'ERROR'], [['authenticate', '']]).split('\n')).toEqual(['STEP          ERROR', 'authenticate']);
  });
});

describe(keyValues.name, () => {
  it('aligns the values and leaves out empty ones', () => {
    const sut = keyValues([
      ['status', 'succeeded'],
      ['error', undefined],
      ['finished', ''],
      ['not after', '2031-01-01T00:00:00Z'],
    ]);
    expect(sut.split('\n')).toEqual(['status     succeeded', 'not after  2031-01-01T00:00:00Z']);
  });
});

describe(formatTime.name, () => {
  it.each([
    ['2030-01-10T12:00:00.123Z', '2030-01-10T12:00:00Z'],
    ['2030-01-10T14:00:00+02:00', '2030-01-10T12:00:00Z'],
    [undefined, ''],
    ['not a time', 'not a time'],
  ])('shows %s as %j', (iso, expected) => {
    expect(formatTime(iso)).toBe(expected);
  });
});
