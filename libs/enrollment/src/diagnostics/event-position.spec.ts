import { comparePositions, isEventPosition } from './event-position';

describe(comparePositions.name, () => {
  const sut = comparePositions;

  it.each([
    { a: '1-0', b: '1-0', sign: 0 },
    { a: '1-0', b: '1-1', sign: -1 },
    { a: '2-0', b: '1-9', sign: 1 },
    // Compared as numbers, not as text: '10' sorts before '9' as text.
    { a: '9-0', b: '10-0', sign: -1 },
    { a: '5-10', b: '5-9', sign: 1 },
    { a: '18446744073709551615-0', b: '18446744073709551614-99', sign: 1 },
  ])('places $a against $b as $sign', ({ a, b, sign }) => {
    expect(Math.sign(sut(a, b))).toBe(sign);
  });
});

describe(isEventPosition.name, () => {
  const sut = isEventPosition;

  it.each([
    { value: '1718000000000-0', valid: true },
    { value: '0-0', valid: true },
    { value: '18446744073709551615-18446744073709551615', valid: true },
    { value: '18446744073709551616-0', valid: false },
    { value: '1718000000000', valid: false },
    { value: '1-0-0', valid: false },
    { value: '-1-0', valid: false },
    { value: '', valid: false },
    { value: undefined, valid: false },
  ])('takes $value as valid: $valid', ({ value, valid }) => {
    expect(sut(value)).toBe(valid);
  });
});
