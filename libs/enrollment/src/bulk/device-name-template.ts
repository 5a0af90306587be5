import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';

/** Windows refuses a ComputerName longer than this many bytes. */
export const MAX_DEVICE_NAME_BYTES = 15;

/** The most digits `%RAND:N%` may ask for: one full name's worth. */
export const MAX_RANDOM_DIGITS = 15;

export type NameTemplatePart = { kind: 'literal'; text: string } | { kind: 'serial' } | { kind: 'random'; digits: number };

/** A device name template, checked once so that rendering only has to look at what the serial brings. */
export interface NameTemplate {
  template: string;
  parts: NameTemplatePart[];
  hasSerial: boolean;
  hasRandom: boolean;
  /** The shortest name it can give: a serial counts for at least one character. */
  minLength: number;
}

const NAME_CHARACTER = /^[A-Za-z0-9-]$/;
const NAME_CHARACTERS = /^[A-Za-z0-9-]*$/;
const ALL_DIGITS = /^[0-9]+$/;
const SERIAL_MACRO = '%SERIAL%';
const RANDOM_MACRO = /^%RAND:([^%]*)%/;
// No leading zeros, so each count has one spelling.
const RANDOM_COUNT = /^(?:[1-9]|1[0-5])$/;

/** Parses a ComputerName template, refusing any template that breaks the naming rules whatever the serial. */
export function parseNameTemplate(template: string): NameTemplate {
  if (template.length === 0) throw invalidTemplate(template, 'is empty');
  const parts: NameTemplatePart[] = [];
  let literal = '';
  let index = 0;
  while (index < template.length) {
    const rest = template.slice(index);
    if (rest.startsWith(SERIAL_MACRO)) {
      parts.push(...flush(literal), { kind: 'serial' });
      literal = '';
      index += SERIAL_MACRO.length;
      continue;
    }
    const random = RANDOM_MACRO.exec(rest);
    if (random) {
      if (!RANDOM_COUNT.test(random[1])) {
        throw invalidTemplate(template, `has ${random[0]}, but %RAND:N% needs a whole number N from 1 to ${MAX_RANDOM_DIGITS}`);
      }
      parts.push(...flush(literal), { kind: 'random', digits: Number(random[1]) });
      literal = '';
      index += random[0].length;
      continue;
    }
    const character = String.fromCodePoint(template.codePointAt(index)!);
    if (!NAME_CHARACTER.test(character)) throw invalidTemplate(template, describeBadCharacter(character, index));
    literal += character;
    index += character.length;
  }
  parts.push(...flush(literal));

  const hasSerial = parts.some((part) => part.kind === 'serial');
  const hasRandom = parts.some((part) => part.kind === 'random');
  const minLength = parts.reduce((sum, part) => sum + minLengthOf(part), 0);
  if (!hasSerial && !hasRandom) {
    throw invalidTemplate(template, 'has no %SERIAL% or %RAND:N% macro, so every device would get the same name');
  }
  if (minLength > MAX_DEVICE_NAME_BYTES) {
    throw invalidTemplate(template, `gives names of at least ${minLength} characters; Windows allows at most ${MAX_DEVICE_NAME_BYTES}`);
  }
  if (parts.every((part) => part.kind === 'random' || (part.kind === 'literal' && ALL_DIGITS.test(part.text)))) {
    throw invalidTemplate(template, 'can only give names made of digits, which Windows refuses; add a letter or a hyphen');
  }
  return { template, parts, hasSerial, hasRandom, minLength };
}

/** Renders a device's name from a parsed template, refusing (never repairing) a name that breaks the rules. */
export function renderDeviceName(template: NameTemplate, serial: string, randomDigits: (count: number) => string): string {
  if (template.hasSerial && serial.length === 0) {
    throw EnrollmentError.permanent(ErrorCode.ValidationFailed, `Template "${template.template}" needs the device serial number, which is empty`);
  }
  const name = template.parts.map((part) => renderPart(part, serial, randomDigits)).join('');
  return checkName(name, `Serial number ${JSON.stringify(serial)} gives device name ${JSON.stringify(name)}`);
}

/** Checks a name a device already carries against the same rules as a rendered one, refusing (never repairing) it. */
export function assertDeviceName(name: string): string {
  return checkName(name, `The device reports the name ${JSON.stringify(name)}`);
}

/** `subject` opens every message, saying where the name came from. */
function checkName(name: string, subject: string): string {
  if (!NAME_CHARACTERS.test(name)) {
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- a name is checked by code point, as NAME_CHARACTER reads it
    const bad = [...new Set([...name].filter((character) => !NAME_CHARACTER.test(character)))].map((c) => JSON.stringify(c));
    throw EnrollmentError.permanent(
      ErrorCode.NameInvalidCharacters,
      `${subject}, which contains ${bad.join(', ')}; device names may only contain letters, digits and hyphens`,
    );
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_DEVICE_NAME_BYTES) {
    throw EnrollmentError.permanent(ErrorCode.NameTooLong, `${subject} of ${bytes} characters; Windows allows at most ${MAX_DEVICE_NAME_BYTES}`);
  }
  if (ALL_DIGITS.test(name)) {
    throw EnrollmentError.permanent(ErrorCode.NameAllDigits, `${subject}, which is all digits; Windows refuses such names`);
  }
  return name;
}

function renderPart(part: NameTemplatePart, serial: string, randomDigits: (count: number) => string): string {
  switch (part.kind) {
    case 'literal':
      return part.text;
    case 'serial':
      return serial;
    case 'random': {
      const digits = randomDigits(part.digits);
      // A faulty generator is a bug here, not something the device's name should be blamed for.
      if (digits.length !== part.digits || !ALL_DIGITS.test(digits)) {
        throw EnrollmentError.permanent(ErrorCode.Internal, `The random digit source gave ${JSON.stringify(digits)} for ${part.digits} digits`);
      }
      return digits;
    }
  }
}

function flush(literal: string): NameTemplatePart[] {
  return literal.length > 0 ? [{ kind: 'literal', text: literal }] : [];
}

function minLengthOf(part: NameTemplatePart): number {
  switch (part.kind) {
    case 'literal':
      return part.text.length;
    case 'serial':
      return 1;
    case 'random':
      return part.digits;
  }
}

function describeBadCharacter(character: string, index: number): string {
  if (character === '%') {
    return `has a "%" at position ${index + 1} that does not start %SERIAL% or %RAND:N% (macros are upper case)`;
  }
  return `has ${JSON.stringify(character)} at position ${index + 1}; device names may only contain letters, digits and hyphens`;
}

function invalidTemplate(template: string, problem: string): EnrollmentError {
  return EnrollmentError.permanent(ErrorCode.NameTemplateInvalid, `Device name template ${JSON.stringify(template)} ${problem}`);
}
