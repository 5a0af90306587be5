'use strict';

/** Stops the Redis jest-global-setup.js started, if it started one. */
module.exports = async function teardown() {
  await globalThis.testRedis?.stop();
};
