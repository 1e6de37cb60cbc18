/** Roles a user can hold. Oversight reads every history and writes nothing. */
export const ROLES = ['staff', 'unit-head', 'credit-lead', 'legal', 'oversight', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated person on whose behalf a command runs. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** The department (or business unit) the actor acts for. */
  readonly unit: string;
}
