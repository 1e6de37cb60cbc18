/**
 * Roles a user can hold. Oversight reads every history and writes nothing. A witness (见证人: a
 * notary, a deputy, a journalist, a member of the public — 004 §2(3)) holds a token for one
 * department's draws and can do nothing but enter witness values into them.
 */
export const ROLES = ['staff', 'unit-head', 'credit-lead', 'legal', 'oversight', 'admin', 'witness'] as const;
export type Role = (typeof ROLES)[number];

/** Who may enter a witness value (004 §2(3)): a witness, or the legal unit that supervises draws (000 §18–19) — never the staff who run the draw. */
export const WITNESS_ROLES: readonly Role[] = ['witness', 'legal'];

/** The authenticated person on whose behalf a command runs. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** The department (or business unit) the actor acts for. */
  readonly unit: string;
}
