import { parseOpensslSpeed } from './openssl-speed';

const OPENSSL_30 = `Doing 2048 bits private rsa's for 1s: 962 2048 bits private RSA's in 1.00s
Doing 2048 bits public rsa's for 1s: 32388 2048 bits public RSA's in 1.00s
version: 3.0.19
options: bn(64,64)
CPUINFO: OPENSSL_ia32cap=0xfff83203078bffff:0x209c01ab
                  sign    verify    sign/s verify/s
rsa 2048 bits 0.001040s 0.000031s    962.0  32388.0
`;

// OpenSSL 3.2 and later add encrypt/decrypt columns before the rates.
const OPENSSL_32 = `version: 3.2.1
                   sign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s
rsa  2048 bits 0.000621s 0.000018s 0.000019s 0.000623s   1610.3  55555.6  52631.6   1605.1
`;

const PROGRESS_ONLY = `Doing 2048 bits private rsa's for 3s: 2886 2048 bits private RSA's in 2.96s
Doing 2048 bits public rsa's for 3s: 97164 2048 bits public RSA's in 3.00s
`;

describe(parseOpensslSpeed.name, () => {
  it.each([
    ['OpenSSL 3.0 table', OPENSSL_30, 962, 32388],
    ['OpenSSL 3.2 table with encrypt/decrypt columns', OPENSSL_32, 1610.3, 55555.6],
    ['progress lines only', PROGRESS_ONLY, 2886 / 2.96, 97164 / 3],
  ])('reads the %s', (_, output, sign, verify) => {
    const sut = parseOpensslSpeed(output);
    expect(sut.signPerSecond).toBeCloseTo(sign, 3);
    expect(sut.verifyPerSecond).toBeCloseTo(verify, 3);
  });

  it('refuses output without an RSA 2048 rate', () => {
    expect(() => parseOpensslSpeed('speed: Unknown algorithm rsa2048\n')).toThrow(/no RSA 2048 sign rate/);
  });
});
