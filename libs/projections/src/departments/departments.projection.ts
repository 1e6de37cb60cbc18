/**
 * The organisation registry as staff and the public read it: one document per department with
 * its units, and an index of departments by level for listing.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, incr, indexAdd, update } from '@app/read-store';
import type { BusinessUnitAdded, DepartmentRegistered, OrganisationEvent } from '@app/domain';

export interface DepartmentView {
  departmentId: string;
  name: string;
  level: DepartmentRegistered['data']['level'];
  parentId: string | null;
  areaCode: string;
  units: BusinessUnitAdded['data'][];
  registeredAt: string;
}

export const DEPARTMENTS = 'departments';
/** Every department, ordered by registration. */
export const DEPARTMENTS_INDEX = 'departments:all';
export const departmentsUnderIndex = (parentId: string) => `departments:under:${parentId}`;
/** How many departments there are at each level. */
export const departmentCount = (level: DepartmentView['level']) => `departments:count:${level}`;

export const departmentsProjection: Projection = {
  name: 'departments',
  eventTypes: ['DepartmentRegistered', 'BusinessUnitAdded'],
  project(recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as OrganisationEvent;
    switch (event.type) {
      case 'DepartmentRegistered': {
        const { departmentId, name, level, parentId, areaCode } = event.data;
        const score = Number(recorded.position.commit);
        return [
          update<DepartmentView>(DEPARTMENTS, departmentId, () => ({
            departmentId,
            name,
            level,
            parentId,
            areaCode,
            units: [],
            registeredAt: recorded.metadata.recordedAt,
          })),
          indexAdd(DEPARTMENTS_INDEX, departmentId, score),
          incr(departmentCount(level)),
          ...(parentId ? [indexAdd(departmentsUnderIndex(parentId), departmentId, score)] : []),
        ];
      }
      case 'BusinessUnitAdded':
        return [update<DepartmentView>(DEPARTMENTS, event.data.departmentId, (d) => d && { ...d, units: [...d.units, event.data] })];
    }
  },
};
