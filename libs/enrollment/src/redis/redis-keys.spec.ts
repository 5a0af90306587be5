import { RedisKeys } from './redis-keys';

describe(RedisKeys.name, () => {
  const sut = new RedisKeys('eo');

  /** Every key the class can spell, from its getters and from its methods called with sample ids. */
  function everyKey(): Array<[string, string]> {
    const descriptors = Object.getOwnPropertyDescriptors(RedisKeys.prototype);
    return Object.entries(descriptors)
      .filter(([name]) => name !== 'constructor')
      .map(([name, descriptor]) => {
        if (descriptor.get) return [name, descriptor.get.call(sut) as string];
        const method = descriptor.value as (...args: unknown[]) => string;
        return [
          name,
          method.apply(
            sut,
            Array.from({ length: method.length }, (_, i) => `id${i}`),
          ),
        ];
      });
  }

  it('spells at least the keys of every store', () => {
    expect(everyKey().length).toBeGreaterThan(25);
  });

  it.each(everyKey())('puts %s (%s) under the hash tag {eo}', (_, key) => {
    expect(key.startsWith('{eo}:')).toBe(true);
  });

  it('gives BullMQ a prefix under the same hash tag', () => {
    expect(sut.bullPrefix).toBe('{eo}:bull');
  });
});
