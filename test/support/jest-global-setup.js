// `npm test` on a machine where redis-server is installed but not running: the suites bring their own
// on 127.0.0.1:6379, keeping nothing, and jest-global-teardown.js stops it. A REDIS_URL given is used as it is.
'use strict';
const { hasRedisServer, redisAnswers, startLocalRedis } = require('../../scripts/local-redis');

module.exports = async function setup() {
  if (process.env.REDIS_URL || (await redisAnswers(6379))) return;
  if (!hasRedisServer()) {
    throw new Error(
      'The tests need Redis 7: nothing answers on 127.0.0.1:6379 and redis-server is not installed ' +
        '(sudo apt-get install -y redis-server, or brew install redis), or set REDIS_URL.',
    );
  }
  globalThis.testRedis = await startLocalRedis({ port: 6379 });
  process.stdout.write('\nNo Redis answered on 127.0.0.1:6379: the tests started one there, keeping nothing, until they end.\n');
};
