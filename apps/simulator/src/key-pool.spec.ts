import { validateCsr } from '@app/enrollment';
import { KeyPool } from './key-pool';

describe(KeyPool.name, () => {
  it('makes RSA-2048 requests that pass the service CSR policy, handed out round-robin', async () => {
    const sut = await KeyPool.create(2);
    const taken = [sut.take(), sut.take(), sut.take()];
    expect(taken[0]).not.toBe(taken[1]);
    expect(taken[2]).toBe(taken[0]);
    for (const pem of sut.csrs) {
      const csr = validateCsr(pem);
      expect(csr.keyBits).toBe(2048);
      expect(csr.signatureHash).toBe('sha256');
    }
  });

  it.each([0, 2.5])('refuses a pool size of %p', async (size) => {
    await expect(KeyPool.create(size)).rejects.toThrow(RangeError);
  });
});
