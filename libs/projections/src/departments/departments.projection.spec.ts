import { RecordedEvent, eventIdFor } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { DEPARTMENTS, DEPARTMENTS_INDEX, departmentCount, departmentsProjection, departmentsUnderIndex } from './departments.projection';

let position = 0;
function recorded(type: string, data: unknown): RecordedEvent {
  position += 1;
  return {
    id: eventIdFor('cmd', position),
    stream: 'department-x',
    revision: 0,
    position: { commit: BigInt(position), prepare: BigInt(position) },
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: 'a',
      role: 'admin',
      unit: 'u',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      recordedAt: '2026-01-05T02:00:00.000Z',
      prevHash: '0',
      hash: '1',
    },
  };
}

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
