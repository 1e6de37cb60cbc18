import { DomainEvent } from '../shared/decider';
import { ConflictEvent } from './inspector.events';

/** Where a non-enforcement expert comes from (DOMAIN.md, Inspector registry: testing bodies, research institutes, industry). */
export const EXPERT_ORGANISATION_KINDS = ['testing-body', 'research-institute', 'industry', 'university', 'other'] as const;
export type ExpertOrganisationKind = (typeof EXPERT_ORGANISATION_KINDS)[number];

/** How to reach the expert; staff only, never published. */
export interface ExpertContact {
  phone: string | null;
  email: string | null;
}

export interface ExpertDetails {
  name: string;
  /** 专业领域 */
  fields: string[];
  organisation: string;
  organisationKind: ExpertOrganisationKind;
  /** 职称, e.g. 高级工程师 */
  title: string;
  contact: ExpertContact;
}

export type ExpertJoinedPool = DomainEvent<'ExpertJoinedPool', { expertId: string; departmentId: string; joinedOn: string } & ExpertDetails>;

/** The expert's details as they stand after the update (a full snapshot, so each event reads alone). */
export type ExpertDetailsUpdated = DomainEvent<'ExpertDetailsUpdated', { expertId: string; departmentId: string } & ExpertDetails>;

export type ExpertLeftPool = DomainEvent<'ExpertLeftPool', { expertId: string; departmentId: string; leftOn: string; reason: string | null }>;

export type ExpertEvent = ExpertJoinedPool | ExpertDetailsUpdated | ExpertLeftPool | ConflictEvent;

export const expertStream = (expertId: string) => `expert-${expertId}`;
