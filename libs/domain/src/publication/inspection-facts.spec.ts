import { fold } from '../shared/decider';
import { InspectionEvent } from '../inspection/inspection.events';
import { inspectionFacts } from './inspection-facts';

const at = { taskId: 't1', targetId: 'x1' };
const opened: InspectionEvent = { type: 'InspectionOpened', data: { ...at, departmentId: 'lingling', itemIds: ['i1'], openedOn: '2026-04-20' } };
const handedOver: InspectionEvent = {
  type: 'InspectionHandedOver',
  data: { ...at, fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-25' },
};
const takenOver: InspectionEvent = {
  type: 'InspectionTakenOver',
  data: { ...at, fromDepartmentId: 'lingling', departmentId: 'qiyang', takenOverOn: '2026-04-26' },
};
const reported: InspectionEvent = {
  type: 'InspectionReported',
  data: {
    ...at,
    departmentId: 'qiyang',
    reportedOn: '2026-05-06',
    concludedOn: '2026-05-01',
    content: 'c',
    findings: 'f',
    evaluation: 'e',
    handlingOpinion: 'h',
    foundProblems: false,
  },
};
const facts = (events: InspectionEvent[]) => fold(inspectionFacts, events);

describe('inspection facts (what completion and publication read of an inspection, 002 §28.4, §30)', () => {
  it('is open until an outcome is recorded', () => expect(facts([opened]).outcome).toBe('open'));

  it('counts a handed-over target as ended, and the new jurisdiction as its department once taken over (002 §30)', () => {
    expect(facts([opened, handedOver]).outcome).toBe('handed-over');
    expect(facts([opened, handedOver, takenOver])).toMatchObject({ outcome: 'handed-over', departmentId: 'qiyang' });
  });

  it('lets a report by the new jurisdiction win over the hand-over', () => expect(facts([opened, handedOver, takenOver, reported]).outcome).toBe('reported'));

  it("settles an item awaiting a test with the test's conclusion (000 §21)", () => {
    const awaiting: InspectionEvent = {
      type: 'ItemResultRecorded',
      data: { ...at, itemId: 'i1', result: 'awaiting-test', findings: '', evidence: [], recordedOn: '2026-04-28' },
    };
    const failed: InspectionEvent = {
      type: 'TestResultRecorded',
      data: {
        ...at,
        itemId: 'i1',
        laboratory: '湖南省产品质量检验研究院',
        conclusion: 'fail',
        deliveredOn: '2026-05-10',
        settledOn: '2026-05-25',
        evidence: [],
      },
    };
    expect(facts([opened, awaiting]).itemResults).toEqual({ i1: 'awaiting-test' });
    expect(facts([opened, awaiting, failed]).itemResults).toEqual({ i1: 'non-compliant' });
  });

  it('skips event types it does not know: the inspection capability may add some', () =>
    expect(inspectionFacts.evolve(facts([opened]), { type: 'SomethingNew', data: {} })).toEqual(facts([opened])));
});
