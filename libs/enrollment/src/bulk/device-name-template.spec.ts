import { ErrorCode } from '../errors/error-code';
import { NameTemplate, parseNameTemplate, renderDeviceName } from './device-name-template';
import { failureOf } from '../testing/spec-helpers';

/** Hands out a fixed digit string, recording every count it was asked for. */
function fixedDigits(digits: string) {
  const counts: number[] = [];
  const source = (count: number) => {
    counts.push(count);
    return digits.slice(0, count);
  };
  return Object.assign(source, { counts });
}

describe(parseNameTemplate.name, () => {
  it.each<{ template: string; expected: Omit<NameTemplate, 'template'> }>([
    {
      template: 'CONTOSO-%SERIAL%',
      expected: { parts: [{ kind: 'literal', text: 'CONTOSO-' }, { kind: 'serial' }], hasSerial: true, hasRandom: false, minLength: 9 },
    },
    {
      template: 'LAB-%RAND:4%',
      expected: {
        parts: [
          { kind: 'literal', text: 'LAB-' },
          { kind: 'random', digits: 4 },
        ],
        hasSerial: false,
        hasRandom: true,
        minLength: 8,
      },
    },
    {
      template: '%SERIAL%',
      expected: { parts: [{ kind: 'serial' }], hasSerial: true, hasRandom: false, minLength: 1 },
    },
    {
      template: 'A%RAND:2%-%SERIAL%z',
      expected: {
        parts: [
          { kind: 'literal', text: 'A' },
          { kind: 'random', digits: 2 },
          { kind: 'literal', text: '-' },
          { kind: 'serial' },
          { kind: 'literal', text: 'z' },
        ],
        hasSerial: true,
        hasRandom: true,
        minLength: 6,
      },
    },
    {
      template: '12-%RAND:3%',
      expected: {
        parts: [
          { kind: 'literal', text: '12-' },
          { kind: 'random', digits: 3 },
        ],
        hasSerial: false,
        hasRandom: true,
        minLength: 6,
      },
    },
    {
      template: '%SERIAL%%SERIAL%',
      expected: { parts: [{ kind: 'serial' }, { kind: 'serial' }], hasSerial: true, hasRandom: false, minLength: 2 },
    },
    {
      template: 'PC%RAND:13%',
      expected: {
        parts: [
          { kind: 'literal', text: 'PC' },
          { kind: 'random', digits: 13 },
        ],
        hasSerial: false,
        hasRandom: true,
        minLength: 15,
      },
    },
    {
      template: 'X%RAND:1%',
      expected: {
        parts: [
          { kind: 'literal', text: 'X' },
          { kind: 'random', digits: 1 },
        ],
        hasSerial: false,
        hasRandom: true,
        minLength: 2,
      },
    },
    {
      template: '%RAND:14%%SERIAL%',
      expected: { parts: [{ kind: 'random', digits: 14 }, { kind: 'serial' }], hasSerial: true, hasRandom: true, minLength: 15 },
    },
  ])('parses $template', ({ template, expected }) => {
    const sut = parseNameTemplate(template);

    expect(sut).toEqual({ template, ...expected });
  });

  it.each<{ name: string; template: string; message: RegExp }>([
    { name: 'an empty template', template: '', message: /is empty/ },
    { name: 'an underscore', template: 'LAB_%SERIAL%', message: /"_" at position 4/ },
    { name: 'a space', template: 'LAB %SERIAL%', message: /" " at position 4/ },
    { name: 'a dot', template: 'LAB.%SERIAL%', message: /"\." at position 4/ },
    { name: 'a non-ASCII letter', template: 'LÄB-%SERIAL%', message: /"Ä" at position 2/ },
    { name: 'a control character', template: 'LAB\n%SERIAL%', message: /"\\n" at position 4/ },
    { name: 'a lone percent sign', template: 'LAB%-%SERIAL%', message: /"%" at position 4.*upper case/ },
    { name: 'a lower-case %serial%', template: 'LAB-%serial%', message: /"%" at position 5/ },
    { name: 'a lower-case %rand:4%', template: 'LAB-%rand:4%', message: /"%" at position 5/ },
    { name: 'a macro that is never closed', template: 'LAB-%RAND:4', message: /"%" at position 5/ },
    { name: '%RAND:0%', template: 'LAB-%RAND:0%', message: /%RAND:0%.*from 1 to 15/ },
    { name: '%RAND:16%', template: 'L%RAND:16%', message: /%RAND:16%.*from 1 to 15/ },
    { name: '%RAND:x%', template: 'LAB-%RAND:x%', message: /%RAND:x%.*whole number/ },
    { name: '%RAND:%', template: 'LAB-%RAND:%', message: /%RAND:%.*whole number/ },
    { name: 'a negative count', template: 'LAB-%RAND:-1%', message: /%RAND:-1%/ },
    { name: 'a fractional count', template: 'LAB-%RAND:1.5%', message: /%RAND:1\.5%/ },
    { name: 'a count with a leading zero', template: 'LAB-%RAND:04%', message: /%RAND:04%/ },
    { name: 'literals alone over 15 characters', template: 'CONTOSO-LAPTOPS-%SERIAL%', message: /at least 17 characters/ },
    { name: 'literals and a serial over 15 characters', template: 'CONTOSO-LAPTOP-%SERIAL%', message: /at least 16 characters/ },
    { name: 'random digits over 15 characters', template: 'LAB-%RAND:12%', message: /at least 16 characters/ },
    { name: 'random digits alone over 15', template: 'A%RAND:15%', message: /at least 16 characters/ },
    { name: 'no macro at all', template: 'CONTOSO', message: /no %SERIAL% or %RAND:N% macro/ },
    { name: 'only random digits', template: '%RAND:6%', message: /only give names made of digits/ },
    { name: 'digits and random digits', template: '12%RAND:3%', message: /only give names made of digits/ },
    { name: 'random digits on both sides of digits', template: '%RAND:2%7%RAND:2%', message: /only give names made of digits/ },
  ])('refuses $name', ({ template, message }) => {
    const failure = failureOf(() => parseNameTemplate(template));

    expect(failure.code).toBe(ErrorCode.NameTemplateInvalid);
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(message);
  });
});

describe(renderDeviceName.name, () => {
  it.each<{ template: string; serial: string; digits: string; expected: string }>([
    { template: 'CONTOSO-%SERIAL%', serial: 'ABC123', digits: '', expected: 'CONTOSO-ABC123' },
    { template: 'CONTOSO-%SERIAL%', serial: 'abc-12', digits: '', expected: 'CONTOSO-abc-12' },
    { template: 'CONTOSO-%SERIAL%', serial: 'ABCDEFG', digits: '', expected: 'CONTOSO-ABCDEFG' },
    { template: 'LAB-%RAND:4%', serial: 'ignored/serial', digits: '0427', expected: 'LAB-0427' },
    { template: '%SERIAL%', serial: '12345A', digits: '', expected: '12345A' },
    { template: '%SERIAL%-%RAND:2%', serial: '123', digits: '45', expected: '123-45' },
    { template: '12-%RAND:3%', serial: '', digits: '999', expected: '12-999' },
    { template: '%RAND:3%%SERIAL%', serial: 'X', digits: '007', expected: '007X' },
  ])('renders $template with serial "$serial" as $expected', ({ template, serial, digits, expected }) => {
    const sut = parseNameTemplate(template);

    expect(renderDeviceName(sut, serial, fixedDigits(digits))).toBe(expected);
  });

  it('asks the digit source for each macro’s own count', () => {
    const sut = parseNameTemplate('A%RAND:2%B%RAND:5%');
    const digits = fixedDigits('12345');

    expect(renderDeviceName(sut, 'S1', digits)).toBe('A12B12345');
    expect(digits.counts).toEqual([2, 5]);
  });

  it.each<{ name: string; template: string; serial: string; code: ErrorCode; message: RegExp }>([
    {
      name: 'a serial that makes the name too long',
      template: 'CONTOSO-%SERIAL%',
      serial: 'ABCDEFGHIJ',
      code: ErrorCode.NameTooLong,
      message: /"ABCDEFGHIJ".*"CONTOSO-ABCDEFGHIJ" of 18 characters/,
    },
    {
      name: 'a serial one character too long',
      template: '%SERIAL%',
      serial: 'A234567890123456',
      code: ErrorCode.NameTooLong,
      message: /16 characters/,
    },
    {
      name: 'a serial with a slash',
      template: 'CONTOSO-%SERIAL%',
      serial: 'AB/12',
      code: ErrorCode.NameInvalidCharacters,
      message: /"AB\/12".*"CONTOSO-AB\/12".*"\/"/,
    },
    { name: 'a serial with a space', template: 'PC-%SERIAL%', serial: 'AB 12', code: ErrorCode.NameInvalidCharacters, message: /"AB 12"/ },
    { name: 'a serial with an underscore', template: 'PC-%SERIAL%', serial: 'AB_12', code: ErrorCode.NameInvalidCharacters, message: /"_"/ },
    { name: 'a serial with a dot', template: 'PC-%SERIAL%', serial: 'AB.12', code: ErrorCode.NameInvalidCharacters, message: /"\."/ },
    { name: 'a serial with a non-ASCII letter', template: 'PC-%SERIAL%', serial: 'ÄB12', code: ErrorCode.NameInvalidCharacters, message: /"Ä"/ },
    {
      name: 'a long serial with a forbidden character (characters are reported first)',
      template: 'PC-%SERIAL%',
      serial: 'ABCDEFGHIJKLMNOP/',
      code: ErrorCode.NameInvalidCharacters,
      message: /"\/"/,
    },
    { name: 'an all-digit serial', template: '%SERIAL%', serial: '12345', code: ErrorCode.NameAllDigits, message: /"12345".*all digits/ },
    { name: 'an all-digit serial beside random digits', template: '%SERIAL%%RAND:2%', serial: '123', code: ErrorCode.NameAllDigits, message: /"12399"/ },
  ])('refuses $name', ({ template, serial, code, message }) => {
    const sut = parseNameTemplate(template);

    const failure = failureOf(() => renderDeviceName(sut, serial, fixedDigits('99')));

    expect(failure.code).toBe(code);
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(message);
  });

  it('refuses an empty serial when the template needs one', () => {
    const sut = parseNameTemplate('CONTOSO-%SERIAL%');

    const failure = failureOf(() => renderDeviceName(sut, '', fixedDigits('')));

    expect(failure.code).toBe(ErrorCode.ValidationFailed);
    expect(failure.message).toMatch(/serial number, which is empty/);
  });

  it.each([
    { name: 'too few digits', digits: '1' },
    { name: 'something other than digits', digits: 'ab' },
  ])('treats a digit source giving $name as a bug', ({ digits }) => {
    const sut = parseNameTemplate('LAB-%RAND:2%');

    const failure = failureOf(() => renderDeviceName(sut, 'S', () => digits));

    expect(failure.code).toBe(ErrorCode.Internal);
  });
});
