import { ConflictCommand } from './conflict-of-interest';
import { ExpertDetails } from './expert.events';

export interface AddExpertToPool {
  readonly type: 'AddExpertToPool';
  readonly expertId: string;
  readonly departmentId: string;
  readonly details: ExpertDetails;
  readonly joinedOn: string;
}

/** Replaces the expert's details with these. */
export interface UpdateExpertDetails {
  readonly type: 'UpdateExpertDetails';
  readonly expertId: string;
  readonly details: ExpertDetails;
}

export interface RemoveExpertFromPool {
  readonly type: 'RemoveExpertFromPool';
  readonly expertId: string;
  readonly leftOn: string;
  readonly reason: string | null;
}

export type ExpertCommand = AddExpertToPool | UpdateExpertDetails | RemoveExpertFromPool | ConflictCommand;
