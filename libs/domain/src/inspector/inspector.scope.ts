/**
 * Who may move an inspector to another unit (DOMAIN.md, Inspector registry: "changes when people
 * move posts or units"). The receiving department records the move, since it takes the person
 * onto its registry; the sending department does not push people onto another's list. A
 * superior of both departments may record it too (e.g. a city moving a person between two of its
 * counties), and an administrator anywhere. Oversight never writes.
 */
import { Actor } from '../shared/actor';
import { Jurisdiction, mayActFor } from '../shared/scope';

export function mayMoveInspector(actor: Actor, from: Jurisdiction, to: Jurisdiction): boolean {
  if (mayActFor(actor, to)) return true;
  return mayActFor(actor, to, { superiorMayAct: true }) && mayActFor(actor, from, { superiorMayAct: true });
}
