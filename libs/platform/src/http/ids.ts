/** The ids the service gives its own records (departments, plans, tasks, inspectors …): one rule for every DTO. */
export const RECORD_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
export const RECORD_ID_MESSAGE = 'must be 2–64 lowercase letters, digits or hyphens';
