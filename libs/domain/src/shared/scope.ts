/**
 * Who may act for which department. A user acts for their own department; where DOMAIN.md lets
 * a superior act for its subordinates (delegating a task, 000 §17; reading a subordinate's
 * records) the rule says so explicitly. Administrators set up any department; oversight and
 * discipline units read everything and write nothing (DOMAIN.md, Oversight and assessment).
 */
import { Actor, Role } from './actor';

/** A department and the chain of its superiors, nearest first (e.g. county → city → province). */
export interface Jurisdiction {
  readonly departmentId: string;
  readonly superiors: readonly string[];
}

/** Roles that maintain a department's records: business-unit staff, unit heads, the credit-supervision lead. */
export const MAINTAINER_ROLES: readonly Role[] = ['staff', 'unit-head', 'credit-lead', 'admin'];

export interface ScopeRule {
  /** A superior department may act for this one too. */
  readonly superiorMayAct?: boolean;
  /** Roles allowed at all; defaults to MAINTAINER_ROLES. */
  readonly roles?: readonly Role[];
}

export function mayActFor(actor: Actor, jurisdiction: Jurisdiction, rule: ScopeRule = {}): boolean {
  if (!(rule.roles ?? MAINTAINER_ROLES).includes(actor.role)) return false;
  if (actor.role === 'admin') return true;
  if (actor.unit === jurisdiction.departmentId) return true;
  return Boolean(rule.superiorMayAct) && jurisdiction.superiors.includes(actor.unit);
}

/** Reading: own department, any superior of it, and oversight everywhere. */
export function mayRead(actor: Actor, jurisdiction: Jurisdiction): boolean {
  if (actor.role === 'admin' || actor.role === 'oversight') return true;
  return actor.unit === jurisdiction.departmentId || jurisdiction.superiors.includes(actor.unit);
}
