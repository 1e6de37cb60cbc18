/** Jest globalTeardown: stops the redis-server globalSetup started, which also removes its directory. */
module.exports = async function globalTeardown() {
  await globalThis.__TEST_REDIS_SERVER__?.stop();
};
