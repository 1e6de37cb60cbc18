import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import type { PlanContent } from '@app/domain';
import { PLANS, departmentPlansIndex, plansProjection, publishedPlansIndex } from './plans.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown, recordedAt = '2026-03-01T02:00:00.000Z') =>
  recordedEvent({ type, data, recordedAt, position: ++position, stream: 'plan-lingling-2026' });

const content = (ratio: number): PlanContent => ({
  checklistVersion: 1,
  items: [
    {
      itemId: 'a',
      checklistVersion: 1,
      scope: { description: '辖区内生产企业', subjectTypes: [], industries: [], areaCodes: [], subRegistry: null },
      ratio,
      frequency: 1,
      riskRatios: [],
      trustworthyRatio: null,
      windows: [{ from: '2026-04-01', to: '2026-10-31' }],
      estimatedTargets: 20,
    },
  ],
  split: { unit: 'percent', provincial: 0, municipal: 0, county: 0, own: 100 },
});

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [plansProjection], store), { name: 't', expected: null, next: '1/1' });
  return store;
}

describe('plans projection', () => {
  const base = { planId: 'lingling-2026', departmentId: 'lingling' };
  const filed = recorded('PlanFiled', { ...base, year: 2026, version: 1, content: content(5) });

  it('lists a filed plan for staff only until it is published', async () => {
    const store = await project([filed]);
    expect(await store.getDocument(PLANS, 'lingling-2026')).toEqual({
      ...base,
      year: 2026,
      versions: [{ version: 1, reason: null, content: content(5), publishedOn: null, recordedAt: '2026-03-01T02:00:00.000Z' }],
      currentPublishedVersion: null,
      isExecutable: false,
      filings: [],
    });
    expect(await store.rangeIndex(departmentPlansIndex('lingling'))).toEqual([{ member: 'lingling-2026', score: 2026 }]);
    expect(await store.indexSize(publishedPlansIndex('lingling'))).toBe(0);
  });

  it('keeps the published version current while an adjustment waits for publication, and records filings', async () => {
    const store = await project([
      filed,
      recorded('PlanPublished', { ...base, year: 2026, version: 1, publishedOn: '2026-03-20' }),
      recorded('PlanFiledWithSuperior', { ...base, version: 1, superiorId: 'yongzhou', filedOn: '2026-03-25', deadline: '2026-03-31', onTime: true }),
      recorded('PlanAdjusted', { ...base, version: 2, reason: '调整比例', content: content(3) }, '2026-06-01T02:00:00.000Z'),
    ]);
    const plan = await store.getDocument(PLANS, 'lingling-2026');
    expect(plan).toMatchObject({
      currentPublishedVersion: 1,
      isExecutable: false,
      filings: [{ version: 1, superiorId: 'yongzhou', filedOn: '2026-03-25', deadline: '2026-03-31', onTime: true }],
      versions: [
        { version: 1, publishedOn: '2026-03-20' },
        { version: 2, reason: '调整比例', publishedOn: null, recordedAt: '2026-06-01T02:00:00.000Z' },
      ],
    });
    expect(await store.rangeIndex(publishedPlansIndex('lingling'))).toEqual([{ member: 'lingling-2026', score: 2026 }]);
  });

  it('makes the adjustment current and the plan executable again once it is published', async () => {
    const store = await project([
      filed,
      recorded('PlanPublished', { ...base, year: 2026, version: 1, publishedOn: '2026-03-20' }),
      recorded('PlanAdjusted', { ...base, version: 2, reason: '调整比例', content: content(3) }),
      recorded('PlanPublished', { ...base, year: 2026, version: 2, publishedOn: '2026-06-02' }),
    ]);
    expect(await store.getDocument(PLANS, 'lingling-2026')).toMatchObject({ currentPublishedVersion: 2, isExecutable: true });
  });
});
