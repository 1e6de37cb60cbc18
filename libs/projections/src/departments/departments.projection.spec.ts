import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { DEPARTMENTS, DEPARTMENTS_INDEX, departmentCount, departmentsProjection, departmentsUnderIndex } from './departments.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown) => recordedEvent({ type, data, position: ++position, stream: 'department-x', role: 'admin', unit: 'u' });

describe('departments projection', () => {
  it('builds a department with its units and lists it under its superior', async () => {
    const store = new MemoryReadStore();
    const events = [
      recorded('DepartmentRegistered', { departmentId: 'lingling', name: '零陵区市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431102' }),
      recorded('BusinessUnitAdded', { departmentId: 'lingling', unitId: 'lingling-legal', name: '法规股', kind: 'legal' }),
    ];
    await store.commit(await writesForBatch(events, [departmentsProjection], store), { name: 't', expected: null, next: '2/2' });
    expect(await store.getDocument(DEPARTMENTS, 'lingling')).toEqual({
      departmentId: 'lingling',
      name: '零陵区市场监督管理局',
      level: 'county',
      parentId: 'yongzhou',
      areaCode: '431102',
      units: [{ departmentId: 'lingling', unitId: 'lingling-legal', name: '法规股', kind: 'legal' }],
      registeredAt: '2026-01-05T02:00:00.000Z',
    });
    expect((await store.rangeIndex(DEPARTMENTS_INDEX)).map((e) => e.member)).toEqual(['lingling']);
    expect((await store.rangeIndex(departmentsUnderIndex('yongzhou'))).map((e) => e.member)).toEqual(['lingling']);
    expect(await store.getCounter(departmentCount('county'))).toBe(1);
    expect(await store.getCounter(departmentCount('city'))).toBe(0);
  });
});
