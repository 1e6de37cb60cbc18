import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import { INSPECTIONS, InspectionView, inspectionId, inspectionsProjection, taskInspectionsIndex } from './inspections.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: Record<string, unknown>, recordedAt = '2026-04-10T02:00:00.000Z') =>
  recordedEvent({ type, data, recordedAt, position: ++position, stream: `inspection-${data.taskId}-${data.targetId}` });

const ids = { taskId: 'food-2026', targetId: 'T1' };
const photo = { name: '现场照片.jpg', sha256: 'a'.repeat(64), mediaType: 'image/jpeg' };

async function fold(events: RecordedEvent[]): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [inspectionsProjection], store), { name: 't', expected: null, next: `${position}/${position}` });
  return store;
}

const opened = () => recorded('InspectionOpened', { ...ids, departmentId: 'lingling', itemIds: ['food-01', 'food-02'], openedOn: '2026-04-01' });

describe('inspections projection (staff view of the record, 000 §21–25, 002 §24–32)', () => {
  it('builds the whole record through report, feedback, entry and referral', async () => {
    const onSite = {
      inspectorIds: ['insp-a', 'insp-b'],
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'refused', witness: '社区网格员 刘某' },
      methods: ['on-site', 'sampling-testing'],
      startedOn: '2026-04-10',
      endedOn: '2026-04-10',
      evidence: [photo],
    };
    const report = {
      departmentId: 'lingling',
      reportedOn: '2026-04-28',
      concludedOn: '2026-04-10',
      content: '检查生产条件',
      findings: '未查验原料合格证明',
      evaluation: '不合格',
      handlingOpinion: '移送',
      foundProblems: true,
    };
    const store = await fold([
      opened(),
      recorded('PreCheckRecorded', { ...ids, checkedOn: '2026-04-02', sources: ['国家企业信用信息公示系统'], notes: '无异常' }),
      recorded('OnSiteInspectionRecorded', { ...ids, ...onSite }),
      recorded('ItemResultRecorded', {
        ...ids,
        itemId: 'food-01',
        result: 'non-compliant',
        findings: '未查验原料合格证明',
        evidence: [photo],
        recordedOn: '2026-04-10',
      }),
      recorded('ItemResultRecorded', { ...ids, itemId: 'food-02', result: 'awaiting-test', findings: '', evidence: [], recordedOn: '2026-04-10' }),
      recorded('TestResultRecorded', {
        ...ids,
        itemId: 'food-02',
        laboratory: '永州市食品检验所',
        conclusion: 'pass',
        deliveredOn: '2026-04-20',
        settledOn: '2026-04-27',
        evidence: [],
      }),
      recorded('InspectionReported', { ...ids, ...report }),
      recorded('FeedbackDelivered', { ...ids, channel: 'post', deliveredOn: '2026-04-30' }),
      recorded('ResultsEntered', { ...ids, enteredOn: '2026-05-06' }),
      recorded(
        'ViolationReferred',
        { ...ids, to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-29' },
        '2026-05-07T02:00:00.000Z',
      ),
    ]);
    expect(await store.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1'))).toEqual({
      ...ids,
      departmentId: 'lingling',
      departmentIds: ['lingling'],
      status: 'entered',
      openedOn: '2026-04-01',
      preChecks: [{ checkedOn: '2026-04-02', sources: ['国家企业信用信息公示系统'], notes: '无异常' }],
      onSite,
      items: [
        { itemId: 'food-01', result: 'non-compliant', findings: '未查验原料合格证明', evidence: [photo], recordedOn: '2026-04-10', tests: [] },
        {
          itemId: 'food-02',
          result: 'awaiting-test',
          findings: '',
          evidence: [],
          recordedOn: '2026-04-10',
          tests: [{ laboratory: '永州市食品检验所', conclusion: 'pass', deliveredOn: '2026-04-20', settledOn: '2026-04-27', evidence: [] }],
        },
      ],
      unreachable: null,
      handovers: [],
      report,
      feedback: { channel: 'post', deliveredOn: '2026-04-30' },
      enteredOn: '2026-05-06',
      referrals: [{ to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-29' }],
      updatedAt: '2026-05-07T02:00:00.000Z',
    });
    expect((await store.rangeIndex(taskInspectionsIndex('food-2026'))).map((e) => e.member)).toEqual(['T1']);
  });

  it('moves through the statuses step by step', async () => {
    const steps: [RecordedEvent, InspectionView['status']][] = [
      [opened(), 'opened'],
      [
        recorded('OnSiteInspectionRecorded', {
          ...ids,
          inspectorIds: ['a', 'b'],
          credentialsShown: true,
          noticeDelivered: true,
          acknowledgement: { kind: 'signed', signedBy: '王经理' },
          methods: ['on-site'],
          startedOn: '2026-04-10',
          endedOn: '2026-04-10',
          evidence: [],
        }),
        'inspected',
      ],
      [
        recorded('InspectionReported', {
          ...ids,
          departmentId: 'lingling',
          reportedOn: '2026-04-14',
          concludedOn: '2026-04-10',
          content: 'c',
          findings: 'f',
          evaluation: 'e',
          handlingOpinion: 'h',
          foundProblems: false,
        }),
        'reported',
      ],
      [recorded('FeedbackDelivered', { ...ids, channel: 'direct', deliveredOn: '2026-04-15' }), 'fed-back'],
    ];
    for (let n = 1; n <= steps.length; n++) {
      const store = await fold(steps.slice(0, n).map(([event]) => event));
      expect((await store.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1')))?.status).toBe(steps[n - 1][1]);
    }
  });

  it('shows a target found unreachable as closed (002 §30)', async () => {
    const store = await fold([
      opened(),
      recorded('TargetFoundUnreachable', { ...ids, reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [photo] }),
    ]);
    const view = await store.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1'));
    expect(view).toMatchObject({ status: 'unreachable', unreachable: { reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [photo] } });
  });

  it('records a handover on both sides and moves the record to the receiving department (002 §30)', async () => {
    const handedOver = recorded('InspectionHandedOver', { ...ids, fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-05' });
    const pending = await fold([opened(), handedOver]);
    expect(await pending.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1'))).toMatchObject({
      status: 'handed-over',
      departmentId: 'lingling',
      handovers: [{ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-05', takenOverOn: null }],
    });
    const taken = await fold([
      opened(),
      handedOver,
      recorded('InspectionTakenOver', { ...ids, fromDepartmentId: 'lingling', departmentId: 'qiyang', takenOverOn: '2026-04-07' }),
    ]);
    expect(await taken.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1'))).toMatchObject({
      status: 'opened',
      departmentId: 'qiyang',
      departmentIds: ['lingling', 'qiyang'],
      handovers: [{ fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-05', takenOverOn: '2026-04-07' }],
    });
  });

  it('replaces a corrected item result and forgets the tests of the earlier one', async () => {
    const store = await fold([
      opened(),
      recorded('ItemResultRecorded', { ...ids, itemId: 'food-02', result: 'awaiting-test', findings: '', evidence: [], recordedOn: '2026-04-10' }),
      recorded('TestResultRecorded', {
        ...ids,
        itemId: 'food-02',
        laboratory: 'l',
        conclusion: 'fail',
        deliveredOn: '2026-04-20',
        settledOn: '2026-04-27',
        evidence: [],
      }),
      recorded('ItemResultRecorded', { ...ids, itemId: 'food-02', result: 'non-compliant', findings: '检测不合格', evidence: [], recordedOn: '2026-04-28' }),
    ]);
    const view = await store.getDocument<InspectionView>(INSPECTIONS, inspectionId('food-2026', 'T1'));
    expect(view?.items[1]).toEqual({ itemId: 'food-02', result: 'non-compliant', findings: '检测不合格', evidence: [], recordedOn: '2026-04-28', tests: [] });
  });
});
