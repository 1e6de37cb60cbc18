import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import type { PublicResult } from '@app/domain';
import {
  PUBLISHED_RESULTS,
  RESULT_RECORDS,
  correctionsIndex,
  departmentResultRecordsIndex,
  publishedResultsByCreditCodeIndex,
  publishedResultsIndex,
  resultsProjection,
} from './results.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown) =>
  recordedEvent({ type, data, position: ++position, stream: 'result-t1-x1', recordedAt: '2026-05-25T02:00:00.000Z' });

async function project(events: RecordedEvent[]): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [resultsProjection], store), { name: 't', expected: null, next: `${position}/${position}` });
  return store;
}

const on = { taskId: 't1', targetId: 'x1', departmentId: 'lingling' };
const original: PublicResult = {
  targetName: '零陵区测试食品有限公司',
  creditCode: '91431102MA4L000001',
  itemResults: [{ itemId: 'i1', itemName: '标签标识', result: 'non-compliant' }],
  conclusion: '发现问题',
  handling: '责令改正',
};
const fixed: PublicResult = {
  ...original,
  itemResults: [{ itemId: 'i1', itemName: '标签标识', result: 'compliant' }],
  conclusion: '未发现问题',
  handling: '无需处理',
};

describe('results projection (002 §28.4, §29)', () => {
  it('keeps the original public and lists each correction next to it, without who signed or objected', async () => {
    const store = await project([
      recorded('ResultPublished', { ...on, publishedOn: '2026-05-25', publicResult: original }),
      recorded('ObjectionReceived', { ...on, objectionNumber: 1, receivedOn: '2026-06-01', grounds: '检测样品非本厂产品', objector: '王某（委托代理人）' }),
      recorded('ObjectionReviewed', { ...on, objectionNumber: 1, reviewedOn: '2026-06-15', upheld: true, reasoning: '样品来源有误', reviewedBy: 'head-1' }),
      recorded('ResultCorrected', {
        ...on,
        correctionNumber: 1,
        correctedOn: '2026-06-15',
        reason: '样品来源有误',
        correctedResult: fixed,
        signedBy: 'head-1',
        objectionNumber: 1,
      }),
      recorded('ObjectionReviewFedBack', { ...on, objectionNumber: 1, fedBackOn: '2026-06-20', channel: 'post' }),
    ]);
    expect(await store.getDocument(PUBLISHED_RESULTS, 't1/x1')).toEqual({
      ...on,
      publishedOn: '2026-05-25',
      original,
      corrections: [{ correctionNumber: 1, correctedOn: '2026-06-15', reason: '样品来源有误', correctedResult: fixed, objectionNumber: 1 }],
    });
    expect(await store.getDocument(RESULT_RECORDS, 't1/x1')).toEqual({
      ...on,
      status: 'published',
      publishedOn: '2026-05-25',
      original,
      exemption: null,
      corrections: [{ correctionNumber: 1, correctedOn: '2026-06-15', reason: '样品来源有误', correctedResult: fixed, objectionNumber: 1, signedBy: 'head-1' }],
      objections: [
        {
          objectionNumber: 1,
          receivedOn: '2026-06-01',
          grounds: '检测样品非本厂产品',
          objector: '王某（委托代理人）',
          review: { reviewedOn: '2026-06-15', upheld: true, reasoning: '样品来源有误', reviewedBy: 'head-1' },
          feedback: { fedBackOn: '2026-06-20', channel: 'post' },
        },
      ],
      comments: [],
    });
    for (const filter of [{}, { departmentId: 'lingling' }, { year: 2026 }, { departmentId: 'lingling', year: 2026 }]) {
      expect(await store.rangeIndex(publishedResultsIndex(filter))).toEqual([{ member: 't1/x1', score: 20260525 }]);
      expect(await store.rangeIndex(correctionsIndex(filter))).toEqual([{ member: 't1/x1#1', score: 20260615 }]);
    }
    expect(await store.rangeIndex(publishedResultsByCreditCodeIndex('91431102MA4L000001'))).toEqual([{ member: 't1/x1', score: 20260525 }]);
    expect(await store.indexSize(publishedResultsIndex({ year: 2027 }))).toBe(0);
  });

  it('keeps an exempted result and its comments for staff only', async () => {
    const store = await project([
      recorded('InspectorCommentReceived', {
        ...on,
        receivedOn: '2026-05-30',
        comment: '态度良好',
        inspectorIds: ['i-1'],
        deadline: '2026-05-25',
        provisional: false,
        late: true,
      }),
      recorded('PublicationExempted', { ...on, reason: '涉及国家秘密', legalBasis: '《保守国家秘密法》', decidedOn: '2026-06-01' }),
    ]);
    expect(await store.getDocument(PUBLISHED_RESULTS, 't1/x1')).toBeNull();
    expect(await store.getDocument(RESULT_RECORDS, 't1/x1')).toMatchObject({
      status: 'exempted',
      exemption: { reason: '涉及国家秘密', legalBasis: '《保守国家秘密法》', decidedOn: '2026-06-01' },
      comments: [{ receivedOn: '2026-05-30', comment: '态度良好', inspectorIds: ['i-1'], deadline: '2026-05-25', provisional: false, late: true }],
    });
    expect(await store.rangeIndex(departmentResultRecordsIndex('lingling'))).toEqual([{ member: 't1/x1', score: 20260601 }]);
    expect(await store.indexSize(publishedResultsIndex({}))).toBe(0);
  });
});
