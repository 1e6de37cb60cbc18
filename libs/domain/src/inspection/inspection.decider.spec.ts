import { specFor } from '../shared/testing';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { inspectionDecider } from './inspection.decider';
import { InspectionCommand, RecordOnSiteInspection } from './inspection.commands';
import {
  FeedbackDelivered,
  InspectionEvent,
  InspectionHandedOver,
  InspectionOpened,
  InspectionReported,
  ItemResultRecorded,
  OnSiteInspectionRecorded,
  TargetFoundUnreachable,
  TestResultRecorded,
} from './inspection.events';

const spec = specFor(inspectionDecider);
const TASK = 'food-2026';
const TARGET = 'T000001';
const ids = { taskId: TASK, targetId: TARGET };
const HASH = 'a'.repeat(64);
const photo = { name: '现场照片.jpg', sha256: HASH, mediaType: 'image/jpeg' };

const opened: InspectionOpened = {
  type: 'InspectionOpened',
  data: { ...ids, departmentId: 'lingling', itemIds: ['food-01', 'food-02'], openedOn: '2026-04-01' },
};

const onSiteCommand: RecordOnSiteInspection = {
  type: 'RecordOnSiteInspection',
  inspectorIds: ['insp-a', 'insp-b'],
  credentialsShown: true,
  noticeDelivered: true,
  acknowledgement: { kind: 'signed', signedBy: '王经理' },
  methods: ['on-site', 'sampling-testing'],
  startedOn: '2026-04-10',
  endedOn: '2026-04-10',
  evidence: [photo],
  matchedInspectorIds: ['insp-a', 'insp-b'],
  registry: {},
};

const onSite: OnSiteInspectionRecorded = {
  type: 'OnSiteInspectionRecorded',
  data: {
    ...ids,
    inspectorIds: ['insp-a', 'insp-b'],
    credentialsShown: true,
    noticeDelivered: true,
    acknowledgement: { kind: 'signed', signedBy: '王经理' },
    methods: ['on-site', 'sampling-testing'],
    startedOn: '2026-04-10',
    endedOn: '2026-04-10',
    evidence: [photo],
  },
};

const result = (itemId: string, value: ItemResultRecorded['data']['result'], recordedOn = '2026-04-10'): ItemResultRecorded => ({
  type: 'ItemResultRecorded',
  data: { ...ids, itemId, result: value, findings: value === 'non-compliant' ? '未查验原料合格证明' : '', evidence: [], recordedOn },
});

const tested: TestResultRecorded = {
  type: 'TestResultRecorded',
  data: { ...ids, itemId: 'food-02', laboratory: '永州市食品检验所', conclusion: 'pass', deliveredOn: '2026-04-20', settledOn: '2026-04-27', evidence: [] },
};

const reportCommand = {
  type: 'ReportInspection',
  reportedOn: '2026-04-14',
  content: '检查生产条件与原料进货查验',
  findings: '未发现问题',
  evaluation: '合格',
  handlingOpinion: '无需处理',
  foundProblems: false,
} as const;

const reported = (foundProblems: boolean, reportedOn = '2026-04-14'): InspectionReported => ({
  type: 'InspectionReported',
  data: {
    ...ids,
    departmentId: 'lingling',
    reportedOn,
    concludedOn: '2026-04-10',
    content: '检查生产条件与原料进货查验',
    findings: foundProblems ? '未查验原料合格证明' : '未发现问题',
    evaluation: foundProblems ? '不合格' : '合格',
    handlingOpinion: foundProblems ? '移送案件办理机构' : '无需处理',
    foundProblems,
  },
});

const feedback: FeedbackDelivered = { type: 'FeedbackDelivered', data: { ...ids, channel: 'post', deliveredOn: '2026-04-16' } };
const unreachable: TargetFoundUnreachable = {
  type: 'TargetFoundUnreachable',
  data: { ...ids, reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [photo] },
};
const handedOver: InspectionHandedOver = {
  type: 'InspectionHandedOver',
  data: { ...ids, fromDepartmentId: 'lingling', toDepartmentId: 'qiyang', handedOverOn: '2026-04-05' },
};
const inspectedAndResulted: InspectionEvent[] = [opened, onSite, result('food-01', 'compliant'), result('food-02', 'compliant')];

describe('inspection record (DOMAIN.md, Inspection, report, publication: 000 §21–25, 002 §24–32)', () => {
  describe('when opening (一对象一表单, 002 §24)', () => {
    const open = (task: { itemIds: string[]; dispatchedTargetIds: string[] } | null): InspectionCommand => ({
      type: 'OpenInspection',
      ...ids,
      departmentId: 'lingling',
      openedOn: '2026-04-01',
      task,
    });

    it('opens one form per target with the task’s items when the target was dispatched to the department', () =>
      spec()
        .when(open({ itemIds: ['food-01', 'food-02'], dispatchedTargetIds: [TARGET, 'T000002'] }))
        .then([opened]));

    it('refuses a target not dispatched to the department (002 §19)', () =>
      spec()
        .when(open({ itemIds: ['food-01'], dispatchedTargetIds: ['T000002'] }))
        .thenThrows(IllegalStateError, /not dispatched to lingling/, 'targetId'));

    it('refuses a task that is not set up', () =>
      spec()
        .when(open(null))
        .thenThrows(NotFoundError, /not set up/, 'taskId'));

    it('refuses to open the same target’s form twice', () =>
      spec([opened])
        .when(open({ itemIds: ['food-01'], dispatchedTargetIds: [TARGET] }))
        .thenThrows(IllegalStateError, /was opened on 2026-04-01/));

    it('refuses any other step before the record is opened', () =>
      spec()
        .when({ type: 'EnterResults', enteredOn: '2026-04-20' })
        .thenThrows(NotFoundError, /not been opened/));
  });

  describe('when pre-checking (预查比对, 002 §25)', () => {
    const preCheck = { type: 'RecordPreCheck', checkedOn: '2026-04-02', sources: ['国家企业信用信息公示系统'], notes: ' 无异常 ' } as const;

    it('records the notes and the systems checked against', () =>
      spec([opened])
        .when(preCheck)
        .then([{ type: 'PreCheckRecorded', data: { ...ids, checkedOn: '2026-04-02', sources: ['国家企业信用信息公示系统'], notes: '无异常' } }]));

    it('refuses a pre-check without a system checked against', () =>
      spec([opened])
        .when({ ...preCheck, sources: [] })
        .thenThrows(ValidationError, /at least one internal system/, 'sources'));

    it('refuses empty notes', () =>
      spec([opened])
        .when({ ...preCheck, notes: ' ' })
        .thenThrows(ValidationError, /must not be empty/, 'notes'));

    it('refuses a pre-check dated before the record was opened', () =>
      spec([opened])
        .when({ ...preCheck, checkedOn: '2026-03-30' })
        .thenThrows(ValidationError, /before the inspection was opened/, 'checkedOn'));

    it('refuses a pre-check after the on-site inspection (002 §25)', () =>
      spec([opened, onSite])
        .when(preCheck)
        .thenThrows(IllegalStateError, /comes before it \(002 §25\)/));
  });

  describe('when recording the on-site inspection (002 §21, §26)', () => {
    it('records at least two drawn inspectors, credentials, notice, signature, methods and hashed evidence', () =>
      spec([opened])
        .when({ ...onSiteCommand, evidence: [{ ...photo, sha256: HASH.toUpperCase() }] })
        .then([onSite]));

    it('records a refusal to sign noted with a witness (002 §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, acknowledgement: { kind: 'refused', witness: '社区网格员 刘某' } })
        .then([{ ...onSite, data: { ...onSite.data, acknowledgement: { kind: 'refused', witness: '社区网格员 刘某' } } }]));

    it('refuses one inspector on site: at least two (002 §21, §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, inspectorIds: ['insp-a'] })
        .thenThrows(ValidationError, /at least 2 different inspectors.*002 §21, §26/, 'inspectorIds'));

    it('counts the same inspector named twice once (002 §21, §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, inspectorIds: ['insp-a', 'insp-a'] })
        .thenThrows(ValidationError, /at least 2/, 'inspectorIds'));

    it('refuses an inspector outside the group drawn for the target (000 §18, 002 §21)', () =>
      spec([opened])
        .when({ ...onSiteCommand, inspectorIds: ['insp-a', 'insp-z'] })
        .thenThrows(ValidationError, /insp-z is not in the group drawn/, 'inspectorIds'));

    it('000 §18, 002 §23: refuses the record while a matched inspector has a declared conflict with the target, until they recuse', () =>
      spec([opened])
        .when({
          ...onSiteCommand,
          registry: {
            'insp-a': { departmentId: 'lingling', active: true, conflictWithTarget: null },
            'insp-b': { departmentId: 'lingling', active: true, conflictWithTarget: { declaredOn: '2026-04-05', reason: '配偶在该企业任职' } },
          },
        })
        .thenThrows(IllegalStateError, /insp-b declared a conflict of interest with .* on 2026-04-05 \(配偶在该企业任职\); they recuse/, 'inspectorIds'));

    it('refuses the record while no group was drawn for the target (000 §18)', () =>
      spec([opened])
        .when({ ...onSiteCommand, matchedInspectorIds: null })
        .thenThrows(IllegalStateError, /no inspectors have been matched/, 'inspectorIds'));

    describe('004 §2(4): a joint task is one visit with every department on one record', () => {
      const joint = { ...onSiteCommand, jointGroups: [{ departmentId: 'lingling-agri', inspectorIds: ['agri-a', 'agri-b'] }] };

      it("records the visit with someone of each department's group on it", () =>
        spec([opened])
          .when({ ...joint, inspectorIds: ['insp-a', 'insp-b', 'agri-a'] })
          .then([{ ...onSite, data: { ...onSite.data, inspectorIds: ['insp-a', 'insp-b', 'agri-a'] } }]));

      it('refuses a record without any inspector of a joint department', () =>
        spec([opened])
          .when(joint)
          .thenThrows(ValidationError, /no inspector of lingling-agri is on the record.*004 §2\(4\)/, 'inspectorIds'));

      it('refuses a record while a joint department has not matched its group to the target', () =>
        spec([opened])
          .when({ ...joint, jointGroups: [{ departmentId: 'lingling-agri', inspectorIds: null }] })
          .thenThrows(IllegalStateError, /lingling-agri has not matched inspectors to .* yet/, 'inspectorIds'));

      it("refuses an inspector in no department's group (000 §18)", () =>
        spec([opened])
          .when({ ...joint, inspectorIds: ['insp-a', 'agri-a', 'agri-z'] })
          .thenThrows(ValidationError, /agri-z is not in any group/, 'inspectorIds'));
    });

    it('refuses when credentials were not shown (002 §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, credentialsShown: false })
        .thenThrows(ValidationError, /credentials/, 'credentialsShown'));

    it('refuses when the notice was not handed over (002 §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, noticeDelivered: false })
        .thenThrows(ValidationError, /notice/, 'noticeDelivered'));

    it('refuses a signature without the signer (002 §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, acknowledgement: { kind: 'signed', signedBy: '' } })
        .thenThrows(ValidationError, /must not be empty/, 'acknowledgement.signedBy'));

    it('refuses a refusal to sign without a witness (002 §26)', () =>
      spec([opened])
        .when({ ...onSiteCommand, acknowledgement: { kind: 'refused', witness: ' ' } })
        .thenThrows(ValidationError, /must not be empty/, 'acknowledgement.witness'));

    it('refuses evidence whose hash is not a SHA-256 (002 §32)', () =>
      spec([opened])
        .when({ ...onSiteCommand, evidence: [photo, { ...photo, sha256: 'abc' }] })
        .thenThrows(ValidationError, /64 hexadecimal digits/, 'evidence.1.sha256'));

    it('refuses a record without methods', () =>
      spec([opened])
        .when({ ...onSiteCommand, methods: [] })
        .thenThrows(ValidationError, /method/, 'methods'));

    it('refuses an end before the start', () =>
      spec([opened])
        .when({ ...onSiteCommand, endedOn: '2026-04-09' })
        .thenThrows(ValidationError, /before the inspection started/, 'endedOn'));

    it('refuses a second on-site record', () =>
      spec([opened, onSite])
        .when(onSiteCommand)
        .thenThrows(IllegalStateError, /was recorded/));
  });

  describe('when recording item results (一对象一表单, 002 §24) and test results (000 §21)', () => {
    const itemResult = {
      type: 'RecordItemResult',
      itemId: 'food-01',
      result: 'non-compliant',
      findings: '未查验原料合格证明',
      evidence: [],
      recordedOn: '2026-04-10',
    } as const;

    it('records a result for an item of the task', () =>
      spec([opened, onSite])
        .when(itemResult)
        .then([result('food-01', 'non-compliant')]));

    it('refuses an item that is not in the task (002 §24)', () =>
      spec([opened, onSite])
        .when({ ...itemResult, itemId: 'metrology-01' })
        .thenThrows(ValidationError, /not an item of task/, 'itemId'));

    it('refuses results before the on-site record (002 §26)', () =>
      spec([opened])
        .when(itemResult)
        .thenThrows(IllegalStateError, /on-site inspection .* has not been recorded/));

    it('refuses a non-compliant result without findings', () =>
      spec([opened, onSite])
        .when({ ...itemResult, findings: '' })
        .thenThrows(ValidationError, /findings/, 'findings'));

    const testCommand = {
      type: 'RecordTestResult',
      itemId: 'food-02',
      laboratory: '永州市食品检验所',
      conclusion: 'pass',
      deliveredOn: '2026-04-20',
      settledOn: '2026-04-27',
      evidence: [],
    } as const;

    it('records a test result with the day it settles for an item awaiting it (000 §21)', () =>
      spec([opened, onSite, result('food-02', 'awaiting-test')])
        .when(testCommand)
        .then([tested]));

    it('refuses a test result for an item not awaiting one', () =>
      spec([opened, onSite, result('food-02', 'compliant')])
        .when(testCommand)
        .thenThrows(IllegalStateError, /not awaiting a test result/, 'itemId'));

    it('refuses a settledOn before the delivery (000 §21)', () =>
      spec([opened, onSite, result('food-02', 'awaiting-test')])
        .when({ ...testCommand, settledOn: '2026-04-19' })
        .thenThrows(ValidationError, /before the test result was delivered/, 'settledOn'));
  });

  describe('when the target cannot be inspected (002 §30)', () => {
    const command = { type: 'RecordTargetUnreachable', reason: 'not-at-registered-address', recordedOn: '2026-04-08', evidence: [photo] } as const;
    const registry = { departmentId: 'lingling', deregistered: false, revoked: false };

    it('records a target not at its registered address: not inspected, counted as completed', () =>
      spec([opened])
        .when({ ...command, target: registry })
        .then([unreachable]));

    it('records a deregistered target once the registry shows the deregistration', () =>
      spec([opened])
        .when({ ...command, reason: 'deregistered', target: { ...registry, deregistered: true } })
        .then([{ ...unreachable, data: { ...unreachable.data, reason: 'deregistered' } }]));

    it('refuses "deregistered" while the registry does not show it (002 §30)', () =>
      spec([opened])
        .when({ ...command, reason: 'deregistered', target: registry })
        .thenThrows(IllegalStateError, /does not show .* as deregistered/, 'reason'));

    it('refuses "revoked" while the registry does not show it (002 §30)', () =>
      spec([opened])
        .when({ ...command, reason: 'revoked', target: registry })
        .thenThrows(IllegalStateError, /does not show .* as revoked/, 'reason'));

    it('refuses it once the target was inspected on site (002 §30)', () =>
      spec([opened, onSite])
        .when({ ...command, target: registry })
        .thenThrows(IllegalStateError, /inspected on site/));

    it('closes the record: no on-site record, report, feedback, entry or referral after it (002 §30)', () => {
      spec([opened, unreachable])
        .when(onSiteCommand)
        .thenThrows(IllegalStateError, /record is closed \(002 §30\)/);
      spec([opened, unreachable])
        .when(reportCommand)
        .thenThrows(IllegalStateError, /record is closed/);
      spec([opened, unreachable])
        .when({ type: 'DeliverFeedback', channel: 'post', deliveredOn: '2026-04-10' })
        .thenThrows(IllegalStateError, /record is closed/);
      spec([opened, unreachable])
        .when({ type: 'EnterResults', enteredOn: '2026-04-10' })
        .thenThrows(IllegalStateError, /record is closed/);
      spec([opened, unreachable])
        .when({ type: 'ReferViolation', to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-10' })
        .thenThrows(IllegalStateError, /record is closed/);
    });
  });

  describe('when the target moved (002 §30: handed over, recorded on both sides)', () => {
    const handOver = {
      type: 'HandOverInspection',
      toDepartmentId: 'qiyang',
      handedOverOn: '2026-04-05',
      toDepartmentRegistered: true,
      target: { departmentId: 'qiyang', deregistered: false, revoked: false },
    } as const;
    const takenOver = {
      type: 'InspectionTakenOver',
      data: { ...ids, fromDepartmentId: 'lingling', departmentId: 'qiyang', takenOverOn: '2026-04-07' },
    } as const;

    it('hands the record over to the jurisdiction the registry now names', () => spec([opened]).when(handOver).then([handedOver]));

    it('refuses a department the registry does not name for the target (002 §30)', () =>
      spec([opened])
        .when({ ...handOver, target: { departmentId: 'lingling', deregistered: false, revoked: false } })
        .thenThrows(IllegalStateError, /registry shows .* under lingling/, 'toDepartmentId'));

    it('refuses an unregistered department', () =>
      spec([opened])
        .when({ ...handOver, toDepartmentRegistered: false })
        .thenThrows(NotFoundError, /not registered/, 'toDepartmentId'));

    it('refuses handing over to itself', () =>
      spec([opened])
        .when({ ...handOver, toDepartmentId: 'lingling' })
        .thenThrows(ValidationError, /already with lingling/, 'toDepartmentId'));

    it('refuses a handover once inspected on site (002 §30)', () =>
      spec([opened, onSite])
        .when(handOver)
        .thenThrows(IllegalStateError, /inspected on site/));

    it('records nothing else until the receiving side takes the record over', () =>
      spec([opened, handedOver])
        .when(onSiteCommand)
        .thenThrows(IllegalStateError, /has not taken it over yet \(002 §30\)/));

    it('lets the receiving department take it over, which then executes it', () =>
      spec([opened, handedOver]).when({ type: 'TakeOverInspection', departmentId: 'qiyang', takenOverOn: '2026-04-07' }).then([takenOver]));

    it('refuses a take-over by a department it was not handed to', () =>
      spec([opened, handedOver])
        .when({ type: 'TakeOverInspection', departmentId: 'dongan', takenOverOn: '2026-04-07' })
        .thenThrows(ForbiddenError, /handed over to qiyang/));

    it('refuses a take-over without a handover', () =>
      spec([opened])
        .when({ type: 'TakeOverInspection', departmentId: 'qiyang', takenOverOn: '2026-04-07' })
        .thenThrows(IllegalStateError, /has not been handed over/));

    it('refuses a take-over dated before the handover', () =>
      spec([opened, handedOver])
        .when({ type: 'TakeOverInspection', departmentId: 'qiyang', takenOverOn: '2026-04-04' })
        .thenThrows(ValidationError, /before the handover/, 'takenOverOn'));

    describe('after the take-over, inspectors come from the receiving registry (it drew no group for the target)', () => {
      const registry = {
        'qy-1': { departmentId: 'qiyang', active: true, conflictWithTarget: null },
        'qy-2': { departmentId: 'qiyang', active: true, conflictWithTarget: null },
        'insp-a': { departmentId: 'lingling', active: true, conflictWithTarget: null },
        'qy-left': { departmentId: 'qiyang', active: false, conflictWithTarget: null },
      };
      const command = { ...onSiteCommand, inspectorIds: ['qy-1', 'qy-2'], matchedInspectorIds: null, registry };

      it('accepts two active inspectors of the receiving department (002 §21, §26)', () =>
        spec([opened, handedOver, takenOver])
          .when(command)
          .then([{ ...onSite, data: { ...onSite.data, inspectorIds: ['qy-1', 'qy-2'] } }]));

      it('refuses an inspector of the sending department', () =>
        spec([opened, handedOver, takenOver])
          .when({ ...command, inspectorIds: ['qy-1', 'insp-a'] })
          .thenThrows(ValidationError, /insp-a is not an active inspector of qiyang/, 'inspectorIds'));

      it('refuses an inspector who left, or one not registered (000 §12)', () => {
        spec([opened, handedOver, takenOver])
          .when({ ...command, inspectorIds: ['qy-1', 'qy-left'] })
          .thenThrows(ValidationError, /not an active inspector/, 'inspectorIds');
        spec([opened, handedOver, takenOver])
          .when({ ...command, inspectorIds: ['qy-1', 'nobody'] })
          .thenThrows(ValidationError, /nobody is not registered/, 'inspectorIds');
      });

      it('reports in the name of the receiving department', () =>
        spec([opened, handedOver, takenOver, onSite, result('food-01', 'compliant'), result('food-02', 'compliant')])
          .when(reportCommand)
          .then([{ ...reported(false), data: { ...reported(false).data, departmentId: 'qiyang' } }]));
    });
  });

  describe('when reporting (000 §21: time, content, findings, evaluation, handling opinion)', () => {
    it('reports once every item has a result, dating the conclusion by the inspection’s end', () =>
      spec(inspectedAndResulted)
        .when(reportCommand)
        .then([reported(false)]));

    it('refuses a report before the on-site record (002 §26)', () =>
      spec([opened])
        .when(reportCommand)
        .thenThrows(IllegalStateError, /has not been recorded; the report is made after it/));

    it('refuses a report while an item has no result (000 §21)', () =>
      spec([opened, onSite, result('food-01', 'compliant')])
        .when(reportCommand)
        .thenThrows(IllegalStateError, /no result yet for food-02/));

    it('refuses a report while a test result is not settled (000 §21)', () =>
      spec([opened, onSite, result('food-01', 'compliant'), result('food-02', 'awaiting-test')])
        .when(reportCommand)
        .thenThrows(IllegalStateError, /food-02 still await a settled test result \(000 §21\)/));

    it('reports after the test result settles, not before its settledOn (000 §21)', () => {
      const given = [opened, onSite, result('food-01', 'compliant'), result('food-02', 'awaiting-test'), tested];
      spec(given)
        .when(reportCommand)
        .thenThrows(ValidationError, /before the test result of food-02 settled/, 'reportedOn');
      spec(given)
        .when({ ...reportCommand, reportedOn: '2026-04-28' })
        .then([reported(false, '2026-04-28')]);
    });

    it('waits again for a test when the item’s result is corrected back to awaiting-test', () =>
      spec([opened, onSite, result('food-01', 'compliant'), result('food-02', 'awaiting-test'), tested, result('food-02', 'awaiting-test', '2026-04-28')])
        .when({ ...reportCommand, reportedOn: '2026-04-29' })
        .thenThrows(IllegalStateError, /still await a settled test result/));

    it('refuses an empty handling opinion', () =>
      spec(inspectedAndResulted)
        .when({ ...reportCommand, handlingOpinion: '' })
        .thenThrows(ValidationError, /must not be empty/, 'handlingOpinion'));

    it('refuses a report dated before the inspection ended', () =>
      spec(inspectedAndResulted)
        .when({ ...reportCommand, reportedOn: '2026-04-09' })
        .thenThrows(ValidationError, /before the inspection ended/, 'reportedOn'));

    it('does not refuse a late report: deadlines are tracked, not enforced here (000 §21)', () =>
      spec(inspectedAndResulted)
        .when({ ...reportCommand, reportedOn: '2026-09-01' })
        .then([reported(false, '2026-09-01')]));

    it('refuses a second report and further results after it', () => {
      spec([...inspectedAndResulted, reported(false)])
        .when(reportCommand)
        .thenThrows(IllegalStateError, /record of the inspection is final/);
      spec([...inspectedAndResulted, reported(false)])
        .when({ type: 'RecordItemResult', itemId: 'food-01', result: 'compliant', findings: '', evidence: [], recordedOn: '2026-04-15' })
        .thenThrows(IllegalStateError, /final/);
    });
  });

  describe('when feeding back (000 §22) and entering (000 §23)', () => {
    const deliver = { type: 'DeliverFeedback', channel: 'post', deliveredOn: '2026-04-16' } as const;

    it('delivers the feedback after the report, directly or by post (000 §22)', () =>
      spec([...inspectedAndResulted, reported(false)])
        .when(deliver)
        .then([feedback]));

    it('refuses feedback before the report (000 §22)', () =>
      spec(inspectedAndResulted)
        .when(deliver)
        .thenThrows(IllegalStateError, /feedback follows the report \(000 §22\)/));

    it('refuses feedback twice', () =>
      spec([...inspectedAndResulted, reported(false), feedback])
        .when(deliver)
        .thenThrows(IllegalStateError, /was delivered/));

    it('refuses feedback dated before the report', () =>
      spec([...inspectedAndResulted, reported(false)])
        .when({ ...deliver, deliveredOn: '2026-04-13' })
        .thenThrows(ValidationError, /before the report/, 'deliveredOn'));

    it('enters the results after the feedback (000 §23)', () =>
      spec([...inspectedAndResulted, reported(false), feedback])
        .when({ type: 'EnterResults', enteredOn: '2026-04-20' })
        .then([{ type: 'ResultsEntered', data: { ...ids, enteredOn: '2026-04-20' } }]));

    it('refuses the entry before the feedback (000 §23)', () =>
      spec([...inspectedAndResulted, reported(false)])
        .when({ type: 'EnterResults', enteredOn: '2026-04-20' })
        .thenThrows(IllegalStateError, /results are entered after it \(000 §23\)/));

    it('refuses a second entry', () =>
      spec([...inspectedAndResulted, reported(false), feedback, { type: 'ResultsEntered', data: { ...ids, enteredOn: '2026-04-20' } }])
        .when({ type: 'EnterResults', enteredOn: '2026-04-21' })
        .thenThrows(IllegalStateError, /were entered on 2026-04-20/));
  });

  describe('when referring violations (000 §25, 002 §31)', () => {
    const refer = { type: 'ReferViolation', to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-15' } as const;

    it('refers a report with findings to the case-handling unit, then to the judiciary', () => {
      spec([...inspectedAndResulted, reported(true)])
        .when(refer)
        .then([{ type: 'ViolationReferred', data: { ...ids, to: 'case-handling', referenceNumber: '零市监移〔2026〕1号', referredOn: '2026-04-15' } }]);
      spec([
        ...inspectedAndResulted,
        reported(true),
        { type: 'ViolationReferred', data: { ...ids, to: 'case-handling', referenceNumber: 'x', referredOn: '2026-04-15' } },
      ])
        .when({ ...refer, to: 'judiciary', referenceNumber: '零市监移〔2026〕2号' })
        .then([{ type: 'ViolationReferred', data: { ...ids, to: 'judiciary', referenceNumber: '零市监移〔2026〕2号', referredOn: '2026-04-15' } }]);
    });

    it('refuses a referral when the report found no problems (000 §25, 002 §31)', () =>
      spec([...inspectedAndResulted, reported(false)])
        .when(refer)
        .thenThrows(IllegalStateError, /found no problems.*000 §25, 002 §31/));

    it('refuses a referral before the report (000 §25)', () =>
      spec(inspectedAndResulted)
        .when(refer)
        .thenThrows(IllegalStateError, /not been reported on/));

    it('refuses referring to the same destination twice', () =>
      spec([
        ...inspectedAndResulted,
        reported(true),
        { type: 'ViolationReferred', data: { ...ids, to: 'case-handling', referenceNumber: 'x', referredOn: '2026-04-15' } },
      ])
        .when(refer)
        .thenThrows(IllegalStateError, /already referred/, 'to'));

    it('refuses a referral without a reference number', () =>
      spec([...inspectedAndResulted, reported(true)])
        .when({ ...refer, referenceNumber: ' ' })
        .thenThrows(ValidationError, /must not be empty/, 'referenceNumber'));
  });
});
