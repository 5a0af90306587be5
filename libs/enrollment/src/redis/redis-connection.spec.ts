import { readMaxmemoryPolicies } from './maxmemory-policy';
import { assertRedisReachable, redactUrl, RedisUnreachableError, withReachableRedis } from './redis-connection';
import { rejectionOf, closedPort } from '../testing/spec-helpers';

const LOCAL_REDIS = { url: 'redis://127.0.0.1:6379', cluster: false };
const standalone = (url: string) => ({ url, cluster: false });

describe(assertRedisReachable.name, () => {
  const sut = assertRedisReachable;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
  });

  it('rejects for a closed port with a message naming the URL, redis-server and REDIS_URL', async () => {
    const url = `redis://127.0.0.1:${port}`;

    const error = await rejectionOf(sut(standalone(url), 1000), RedisUnreachableError);

    expect(error.name).toBe('RedisUnreachableError');
    expect(error.message).toContain(url);
    expect(error.message).toContain('redis-server');
    expect(error.message).toContain('REDIS_URL');
  });

  it('does not print the password of an unreachable URL', async () => {
    const password = 'do-not-print-this-password';

    const error = await rejectionOf(sut(standalone(`redis://default:${password}@127.0.0.1:${port}`), 1000), RedisUnreachableError);

    expect(error.message.includes(password)).toBe(false);
    expect(error.message).toContain(`redis://default:***@127.0.0.1:${port}`);
  });

  it('leaves no timer behind after a failed connection', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();

    await rejectionOf(sut(standalone(`redis://127.0.0.1:${port}`), 1000), RedisUnreachableError);

    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('rejects for a cluster whose seed nodes are all closed, naming them without passwords', async () => {
    const other = await closedPort();
    const urls = `redis://:cluster-pw-secret@127.0.0.1:${port},redis://127.0.0.1:${other}`;

    const error = await rejectionOf(sut({ url: urls, cluster: true }, 1000), RedisUnreachableError);

    expect(error.message).toContain(`the Redis Cluster at redis://:***@127.0.0.1:${port},redis://127.0.0.1:${other}`);
    expect(error.message.includes('cluster-pw-secret')).toBe(false);
  });

  it('resolves against the local Redis', async () => {
    await expect(sut(LOCAL_REDIS)).resolves.toBeUndefined();
  });
});

describe(withReachableRedis.name, () => {
  const sut = withReachableRedis;

  it('hands over a client that answers, and resolves with what the callback returns', async () => {
    await expect(sut(LOCAL_REDIS, async (client) => client.ping())).resolves.toBe('PONG');
  });

  it('lets an error of the callback through as it is, not as an unreachable Redis', async () => {
    const failure = new Error('the CA passphrase is wrong');

    await expect(sut(LOCAL_REDIS, () => Promise.reject(failure))).rejects.toBe(failure);
  });

  it('reads the maxmemory-policy of the local Redis', async () => {
    await expect(sut(LOCAL_REDIS, readMaxmemoryPolicies)).resolves.toEqual([{ node: '127.0.0.1:6379', policy: expect.any(String) }]);
  });
});

describe(redactUrl.name, () => {
  const sut = redactUrl;

  it.each([
    { name: 'a user and password', url: 'redis://default:s3cret-pw@redis.internal:6379/0', expected: 'redis://default:***@redis.internal:6379/0' },
    { name: 'a password only', url: 'rediss://:s3cret-pw@redis.internal:6380', expected: 'rediss://:***@redis.internal:6380' },
    { name: 'no credentials', url: 'redis://127.0.0.1:6379', expected: 'redis://127.0.0.1:6379' },
    { name: 'a user without password', url: 'redis://app@redis.internal:6379', expected: 'redis://app@redis.internal:6379' },
    { name: 'an unparsable value', url: 'not a url s3cret-pw', expected: 'the configured REDIS_URL' },
  ])('redacts a URL with $name', ({ url, expected }) => {
    const redacted = sut(url);

    expect(redacted).toBe(expected);
    expect(redacted.includes('s3cret-pw')).toBe(false);
  });
});
