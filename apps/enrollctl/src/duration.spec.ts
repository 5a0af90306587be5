import { CliError } from './cli-error';
import { formatDuration, parseDuration, parseExpiry, parsePositiveInteger, parseSince, parseTimeout } from './duration';

const NOW = new Date('2030-01-10T12:00:00.000Z');

describe(parseExpiry.name, () => {
  const sut = (text: string) => parseExpiry(text, NOW).toISOString();

  it.each([
    ['30d', '2030-02-09T12:00:00.000Z'],
    ['180d', '2030-07-09T12:00:00.000Z'],
    ['12h', '2030-01-11T00:00:00.000Z'],
    ['2w', '2030-01-24T12:00:00.000Z'],
    [' 1d ', '2030-01-11T12:00:00.000Z'],
    ['2030-01-31', '2030-01-31T00:00:00.000Z'],
    ['2030-01-31T18:30:00Z', '2030-01-31T18:30:00.000Z'],
    ['2030-01-31T18:30:00+02:00', '2030-01-31T16:30:00.000Z'],
    ['2030-01-31T18:30Z', '2030-01-31T18:30:00.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(sut(text)).toBe(expected);
  });

  it.each([
    ['a unit it does not know', '30 days'],
    ['a negative duration', '-1d'],
    ['a local time without a zone', '2030-01-31T18:30:00'],
    ['an impossible date', '2030-02-31T00:00:00Z'],
    ['words', 'next month'],
    ['nothing', ''],
  ])('refuses %s', (_, text) => {
    expect(() => sut(text)).toThrow(CliError);
  });

  it.each(['0d', '2030-01-10', '2030-01-10T11:59:59Z'])('refuses %s, which is not in the future', (text) => {
    expect(() => sut(text)).toThrow('is not in the future');
  });
});

describe(parseSince.name, () => {
  it.each([
    ['10m', '2030-01-10T11:50:00.000Z'],
    ['2h', '2030-01-10T10:00:00.000Z'],
    ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
  ])('reads %s as %s (in the past)', (text, expected) => {
    expect(parseSince(text, NOW).toISOString()).toBe(expected);
  });
});

describe(parseDuration.name, () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1d', 86_400_000],
    ['1y', undefined],
    ['1.5d', undefined],
  ])('reads %s as %s ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});

describe(parseTimeout.name, () => {
  it('reads a duration of at least a second', () => {
    expect(parseTimeout('90s')).toBe(90_000);
  });

  it.each(['0s', '5', 'soon', ''])('refuses %j', (text) => {
    expect(() => parseTimeout(text)).toThrow(/^--timeout must be a duration such as 30s, 5m or 1h/);
  });
});

describe(formatDuration.name, () => {
  it.each([
    [300_000, '5m'],
    [90_000, '90s'],
    [7_200_000, '2h'],
    [1500, '2s'],
  ])('writes %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe(parsePositiveInteger.name, () => {
  const sut = parsePositiveInteger('--max-uses');

  it('reads whole numbers of at least 1', () => {
    expect(sut('100')).toBe(100);
  });

  it.each(['0', '-1', '1.5', 'ten', ''])('refuses %j, naming the option', (text) => {
    expect(() => sut(text)).toThrow(/^--max-uses must be a whole number of at least 1/);
  });
});
