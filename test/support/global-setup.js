/**
 * Jest globalSetup: starts the run's redis-server (see redis-server.ts). Jest transpiles what
 * this file requires, and the environment it sets is inherited by the test workers.
 */
const { setUpTestRedis } = require('./redis-server.ts');

module.exports = async function globalSetup() {
  globalThis.__TEST_REDIS_SERVER__ = await setUpTestRedis();
};
