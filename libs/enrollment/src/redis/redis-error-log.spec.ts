import { once } from 'node:events';
import Redis from 'ioredis';
import { closedPort, recordingLogger } from '../testing/spec-helpers';
import { logRedisErrors } from './redis-error-log';

describe(logRedisErrors.name, () => {
  const sut = logRedisErrors;
  const clients: Redis[] = [];
  let consoleError: jest.SpyInstance;

  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    consoleError.mockRestore();
    for (const client of clients.splice(0)) client.disconnect();
  });

  const unreachable = async (password = 'unused') => {
    const client = new Redis(`redis://default:${password}@127.0.0.1:${await closedPort()}`, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    clients.push(client);
    return client;
  };

  it('logs a failed connection as a warning naming the client, and prints nothing on the console', async () => {
    const { logger, records } = recordingLogger();
    const client = sut(await unreachable('s3cret-pw'), logger, 'commands');

    await once(client, 'error');

    expect(records).toEqual([
      { level: 'warn', message: 'redis client error', meta: expect.objectContaining({ redisClient: 'commands', code: 'ECONNREFUSED' }) },
    ]);
    expect(JSON.stringify(records).includes('s3cret-pw')).toBe(false);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('removes the credentials of a URL in an error message', async () => {
    const { logger, records } = recordingLogger();
    const client = sut(await unreachable(), logger, 'event-feed');
    await once(client, 'error');

    client.emit('error', new Error('cannot reach redis://app:s3cret-pw@redis.internal:6379 now'));

    expect(records[1].meta.error).toBe('cannot reach redis://***@redis.internal:6379 now');
  });
});
