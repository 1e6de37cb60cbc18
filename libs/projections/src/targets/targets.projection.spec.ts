import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import {
  TARGETS,
  TARGET_SETS,
  nameGrams,
  targetsByArea,
  targetsByCreditGrade,
  targetsByDepartment,
  targetsByIndustry,
  targetsByNameGram,
  targetsByStatus,
  targetsProjection,
} from './targets.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown) =>
  recordedEvent({ type, data, position: ++position, stream: 'target-x', recordedAt: '2025-03-01T02:00:00.000Z' });

const id = '91431102MA4L00011W';
const fact = { targetId: id, effectiveDate: '2025-03-01', source: '公示系统' };
const registered = recorded('TargetRegistered', {
  targetId: id,
  departmentId: 'lingling',
  name: '湘味食品有限公司',
  creditCode: id,
  registryId: null,
  subjectType: 'enterprise',
  scale: 'small',
  industry: 'C1391',
  areaCode: '431102',
  address: '南津中路1号',
  representative: '张三',
});

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [targetsProjection], store), { name: 't', expected: null, next: 'p' });
  const members = async (set: string) => (await store.intersectSets(TARGET_SETS, [set])).members;
  return { store, members };
}

describe('targets projection (000 §13: the registry a directional draw filters)', () => {
  it('puts a new target in the sets of its department, area, every industry prefix, every two-character piece of its name and as active', async () => {
    const { members } = await project([registered]);
    for (const index of [
      targetsByDepartment('lingling'),
      targetsByArea('431102'),
      targetsByIndustry('C'),
      targetsByIndustry('C13'),
      targetsByIndustry('C1391'),
      targetsByNameGram('湘味'),
      targetsByNameGram('限公'),
      targetsByStatus('active'),
    ]) {
      expect(await members(index)).toEqual([id]);
    }
  });

  it('cuts a name into its two-character pieces, folding width and case', () => {
    expect(nameGrams('湘味（ＡＢ）')).toEqual(['湘味', '味(', '(a', 'ab', 'b)']);
    expect(nameGrams('湘')).toEqual([]);
  });

  it('moves a renamed target from the pieces it lost to the pieces it gained', async () => {
    const { members } = await project([
      registered,
      recorded('TargetDetailsChanged', { targetId: id, departmentId: 'lingling', changed: { name: '潇湘食品有限公司' }, previous: { name: '湘味食品有限公司' } }),
    ]);
    expect(await members(targetsByNameGram('湘味'))).toEqual([]);
    expect(await members(targetsByNameGram('潇湘'))).toEqual([id]);
    expect(await members(targetsByNameGram('食品'))).toEqual([id]);
  });

  it('moves set memberships when details change, using the previous values the event carries', async () => {
    const { members, store } = await project([
      registered,
      recorded('TargetDetailsChanged', {
        targetId: id,
        departmentId: 'lingling',
        changed: { areaCode: '431103', industry: 'C1392' },
        previous: { areaCode: '431102', industry: 'C1391' },
      }),
    ]);
    expect(await members(targetsByArea('431102'))).toEqual([]);
    expect(await members(targetsByArea('431103'))).toEqual([id]);
    expect(await members(targetsByIndustry('C1391'))).toEqual([]);
    expect(await members(targetsByIndustry('C13'))).toEqual([id]);
    expect(await store.getDocument(TARGETS, id)).toMatchObject({ areaCode: '431103', industry: 'C1392' });
  });

  it('follows status changes: grade, lists, deregistration and a move', async () => {
    const { members, store } = await project([
      registered,
      recorded('TargetCreditGraded', { ...fact, grade: 'B', previousGrade: null }),
      recorded('TargetCreditGraded', { ...fact, grade: 'D', previousGrade: 'B' }),
      recorded('TargetListedAsAbnormal', { ...fact, reason: '未年报' }),
      recorded('TargetRemovedFromAbnormalList', { ...fact, reason: '已补报' }),
      recorded('TargetJurisdictionTransferred', { ...fact, fromDepartmentId: 'lingling', toDepartmentId: 'qiyang' }),
      recorded('TargetDeregistered', fact),
    ]);
    expect(await members(targetsByCreditGrade('B'))).toEqual([]);
    expect(await members(targetsByCreditGrade('D'))).toEqual([id]);
    expect(await members(targetsByStatus('abnormal'))).toEqual([]);
    expect(await members(targetsByStatus('active'))).toEqual([]);
    expect(await members(targetsByStatus('deregistered'))).toEqual([id]);
    expect(await members(targetsByDepartment('lingling'))).toEqual([]);
    expect(await members(targetsByDepartment('qiyang'))).toEqual([id]);
    expect(await store.getDocument(TARGETS, id)).toMatchObject({
      departmentId: 'qiyang',
      creditGrade: { grade: 'D', effectiveDate: '2025-03-01', source: '公示系统' },
      abnormal: null,
      deregistered: { effectiveDate: '2025-03-01', source: '公示系统' },
    });
  });
});
