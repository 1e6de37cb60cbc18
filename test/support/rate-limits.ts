/**
 * Rate limits no test or bench reaches: a suite or a bench sends thousands of requests from one
 * address and one caller, which the service's defaults (docs/operations.md, Rate limits) refuse
 * with 429 by design. Suites that test the limits set their own.
 */
export const GENEROUS_RATE_LIMITS = {
  RATE_LIMIT_PER_CALLER: '1000000',
  RATE_LIMIT_PER_ADDRESS: '1000000',
  RATE_LIMIT_AUTH_FAILURES: '1000000',
  RATE_LIMIT_SEARCHES: '1000000',
  RATE_LIMIT_UPLOADS: '1000000',
};
