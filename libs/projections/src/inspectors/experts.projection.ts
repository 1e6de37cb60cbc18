/**
 * The expert pool (专家库) as staff read it: one document per expert including the private
 * contact and every conflict-of-interest declaration (000 §18). Nothing of it is public.
 * `experts:department:<id>` holds the experts currently in a department's pool.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, indexRemove, update } from '@app/read-store';
import type { ExpertDetails, ExpertEvent } from '@app/domain';
import { ConflictRecord, foldConflict } from './inspectors.projection';

export interface ExpertView extends ExpertDetails {
  expertId: string;
  departmentId: string;
  status: 'active' | 'left';
  joinedOn: string;
  leftOn: string | null;
  leavingReason: string | null;
  conflicts: ConflictRecord[];
  registeredAt: string;
  updatedAt: string;
}

export const EXPERTS = 'experts';
export const expertsOfDepartmentIndex = (departmentId: string) => `experts:department:${departmentId}`;

const EXPERT_EVENT_TYPES: readonly ExpertEvent['type'][] = [
  'ExpertJoinedPool',
  'ExpertDetailsUpdated',
  'ExpertLeftPool',
  'ConflictOfInterestDeclared',
  'ConflictOfInterestWithdrawn',
];

const detailsOf = ({ name, fields, organisation, organisationKind, title, contact }: ExpertDetails): ExpertDetails => ({
  name,
  fields,
  organisation,
  organisationKind,
  title,
  contact,
});

export const expertsProjection: Projection = {
  name: 'experts',
  eventTypes: EXPERT_EVENT_TYPES,
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as ExpertEvent;
    const at = recorded.metadata.recordedAt;
    const change = (expertId: string, apply: (view: ExpertView) => Partial<ExpertView>) =>
      update<ExpertView>(EXPERTS, expertId, (view) => view && { ...view, ...apply(view), updatedAt: at });
    switch (event.type) {
      case 'ExpertJoinedPool': {
        const { expertId, departmentId, joinedOn } = event.data;
        return [
          update<ExpertView>(EXPERTS, expertId, () => ({
            expertId,
            departmentId,
            ...detailsOf(event.data),
            status: 'active',
            joinedOn,
            leftOn: null,
            leavingReason: null,
            conflicts: [],
            registeredAt: at,
            updatedAt: at,
          })),
          indexAdd(expertsOfDepartmentIndex(departmentId), expertId, Number(recorded.position.commit)),
        ];
      }
      case 'ExpertDetailsUpdated':
        return [change(event.data.expertId, () => detailsOf(event.data))];
      case 'ExpertLeftPool': {
        const { expertId, departmentId, leftOn, reason } = event.data;
        return [change(expertId, () => ({ status: 'left', leftOn, leavingReason: reason })), indexRemove(expertsOfDepartmentIndex(departmentId), expertId)];
      }
      case 'ConflictOfInterestDeclared':
      case 'ConflictOfInterestWithdrawn':
        // the same event types live on inspector streams; the inspectors projection takes those
        if (event.data.personKind !== 'expert') return [];
        return [change(event.data.personId, (v) => ({ conflicts: foldConflict(v.conflicts, event) }))];
      default:
        return [];
    }
  },
};
