import { caPassphraseMismatch, evictionPolicyUnknown, evictionPolicyVerdict, listenError } from './startup-messages';
import { StartupError } from './startup-error';

/** A listen failure as Node reports it. */
const failure = (code: string, port: number): NodeJS.ErrnoException =>
  Object.assign(new Error(`listen ${code}: address already in use :::${port}`), { code, syscall: 'listen', port });

describe(listenError.name, () => {
  const sut = listenError;

  it('says which port is taken, that another process holds it, and how to choose another', () => {
    const error = sut(failure('EADDRINUSE', 3000), 3000);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('Port 3000 is already in use: another process is listening on it');
    expect((error as Error).message).toContain('PORT=3001');
  });

  it('says a port needs privileges, and suggests an unprivileged one', () => {
    const error = sut(failure('EACCES', 80), 80);

    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('Port 80 needs privileges');
    expect((error as Error).message).toContain('PORT=3000');
  });

  it('leaves any other error as it is, stack and all', () => {
    const other = new Error('something else');

    expect(sut(other, 3000)).toBe(other);
  });
});

describe(evictionPolicyVerdict.name, () => {
  const sut = evictionPolicyVerdict;
  const where = 'Redis at redis://127.0.0.1:6379';

  it('has nothing to say about noeviction', () => {
    expect(sut(where, 'noeviction', true)).toBeUndefined();
    expect(sut(where, 'noeviction', false)).toBeUndefined();
  });

  it.each(['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl'])('refuses %s in production, saying why and how to fix it', (policy) => {
    const verdict = sut(where, policy, true);

    expect(verdict?.refuse).toBe(true);
    expect(verdict?.message).toContain(`${where} has maxmemory-policy ${policy}`);
    expect(verdict?.message).toContain('losing queued jobs');
    expect(verdict?.message).toContain('CONFIG SET maxmemory-policy noeviction');
    expect(verdict?.message).toContain('redis.conf');
  });

  it('only warns outside production, saying production would refuse', () => {
    const verdict = sut(where, 'allkeys-lru', false);

    expect(verdict?.refuse).toBe(false);
    expect(verdict?.message).toContain(`${where} has maxmemory-policy allkeys-lru`);
    expect(verdict?.message).toContain('CONFIG SET maxmemory-policy noeviction');
    expect(verdict?.message).toContain('production refuses');
  });
});

describe(evictionPolicyUnknown.name, () => {
  it('says the policy could not be read, why, and that it must be noeviction', () => {
    const message = evictionPolicyUnknown('Redis at redis://cache.internal:6379', "ERR unknown command 'CONFIG'");

    expect(message).toContain("Could not read the maxmemory-policy of Redis at redis://cache.internal:6379 (ERR unknown command 'CONFIG')");
    expect(message).toContain('noeviction');
  });
});

describe(caPassphraseMismatch.name, () => {
  const sut = caPassphraseMismatch;
  const base = { prefix: 'eo', madeWithDevelopmentDefault: false, usingDevelopmentDefault: false, production: false };

  it('names the prefix and gives every way out, deleting keys for development only', () => {
    const message = sut(base);

    expect(message).toContain('The CA under REDIS_PREFIX=eo was created with another passphrase');
    expect(message).toContain('start with the passphrase it was created with');
    expect(message).toContain('another REDIS_PREFIX');
    expect(message).toContain('development only');
    expect(message).toContain("redis-cli --scan --pattern '{eo}:*'");
    expect(message).not.toContain('development default');
  });

  it('says the CA was made with the development default, and "probably" how', () => {
    const message = sut({ ...base, madeWithDevelopmentDefault: true });

    expect(message).toContain('The CA under REDIS_PREFIX=eo was created with the development default passphrase');
    expect(message).toContain('probably by a process started without CA_PASSPHRASE or CA_PASSPHRASE_FILE');
    expect(message).toContain('start without CA_PASSPHRASE and CA_PASSPHRASE_FILE');
  });

  it('does not suggest the development default in production, which refuses it', () => {
    const message = sut({ ...base, madeWithDevelopmentDefault: true, production: true });

    expect(message).toContain('development default passphrase');
    expect(message).toContain('Production refuses that passphrase');
    expect(message).not.toContain('start without CA_PASSPHRASE');
    expect(message).toContain('another REDIS_PREFIX');
  });

  it('says when this process has no passphrase configured', () => {
    const message = sut({ ...base, usingDevelopmentDefault: true });

    expect(message).toContain('this process has none (neither CA_PASSPHRASE nor CA_PASSPHRASE_FILE is set)');
    expect(message).toContain('start with the passphrase it was created with');
  });
});
