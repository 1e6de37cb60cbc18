/** The one place the service reads the time; tests provide a fixed clock. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = { now: () => new Date() };

/** The calendar date in China (UTC+8) at an instant, YYYY-MM-DD: the day deadlines and draws are dated by. */
export function dateInChina(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
