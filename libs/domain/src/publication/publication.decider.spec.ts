import { Actor } from '../shared/actor';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { specFor } from '../shared/testing';
import { InspectionFacts } from './inspection-facts';
import { PublishResult, ReceiveInspectorComment, ResultChanges, ReviewObjection, TaskFacts } from './publication.commands';
import { resultDecider } from './publication.decider';
import { PublicResult, ResultEvent } from './publication.events';

const spec = specFor(resultDecider);

const head: Actor = { id: 'head-1', role: 'unit-head', unit: 'lingling' };
const staff: Actor = { id: 'staff-1', role: 'staff', unit: 'lingling' };

const report = {
  taskId: 't1',
  targetId: 'x1',
  departmentId: 'lingling',
  reportedOn: '2026-05-08',
  concludedOn: '2026-05-06',
  content: '检查食品生产记录',
  findings: '未发现问题',
  evaluation: '未发现问题',
  handlingOpinion: '无需处理',
  foundProblems: false,
};

const reported: InspectionFacts = {
  departmentId: 'lingling',
  itemIds: ['i1', 'i2'],
  outcome: 'reported',
  report,
  unreachable: null,
  itemResults: { i1: 'compliant', i2: 'not-applicable' },
  inspectorIds: ['insp-1', 'insp-2'],
  feedbackDeliveredOn: '2026-05-11',
};

const task: TaskFacts = { departmentId: 'yongzhou', completedOn: '2026-05-20', itemNames: { i1: '食品生产许可情况', i2: '标签标识' } };

const publish = (overrides: Partial<PublishResult> = {}): PublishResult => ({
  type: 'PublishResult',
  taskId: 't1',
  targetId: 'x1',
  publishedOn: '2026-05-25',
  task,
  inspection: reported,
  target: { name: '零陵区测试食品有限公司', creditCode: '91431102MA4L000001' },
  ...overrides,
});

const publicResult: PublicResult = {
  targetName: '零陵区测试食品有限公司',
  creditCode: '91431102MA4L000001',
  itemResults: [
    { itemId: 'i1', itemName: '食品生产许可情况', result: 'compliant' },
    { itemId: 'i2', itemName: '标签标识', result: 'not-applicable' },
  ],
  conclusion: '未发现问题',
  handling: '无需处理',
};

const on = { taskId: 't1', targetId: 'x1', departmentId: 'lingling' };
const published: ResultEvent = { type: 'ResultPublished', data: { ...on, publishedOn: '2026-05-25', publicResult } };
const objected: ResultEvent = {
  type: 'ObjectionReceived',
  data: { ...on, objectionNumber: 1, receivedOn: '2026-06-01', grounds: '标签标识项适用', objector: '零陵区测试食品有限公司' },
};
const corrected = (correctedResult: PublicResult, extra: Partial<Extract<ResultEvent, { type: 'ResultCorrected' }>['data']> = {}): ResultEvent => ({
  type: 'ResultCorrected',
  data: { ...on, correctionNumber: 1, correctedOn: '2026-06-10', reason: '录入错误', correctedResult, signedBy: 'head-1', objectionNumber: null, ...extra },
});

const review = (overrides: Partial<ReviewObjection> = {}): ReviewObjection => ({
  type: 'ReviewObjection',
  taskId: 't1',
  targetId: 'x1',
  objectionNumber: 1,
  upheld: true,
  reasoning: '经复查，标签标识项适用且符合要求',
  correction: { itemResults: [{ itemId: 'i2', result: 'compliant' }] },
  reviewedOn: '2026-06-15',
  actor: head,
  ...overrides,
});

describe('result (一公开)', () => {
  describe('publication (002 §28.4: published after the task completes, only what the law makes public)', () => {
    it('publishes the target, item results, conclusion and handling of a reported inspection of a completed task', () =>
      spec().when(publish()).then([published]));

    it('publishes nothing of the inspectors, findings, evidence or representative (000 §13, 002 §28.4)', () => {
      const [event] = resultDecider.decide(publish(), resultDecider.initialState);
      const json = JSON.stringify(event.data);
      for (const secret of ['insp-1', 'insp-2', '检查食品生产记录', 'findings', 'evidence', 'representative', 'concludedOn'])
        expect(json).not.toContain(secret);
    });

    it('refuses before the task completes (002 §28.4)', () =>
      spec()
        .when(publish({ task: { ...task, completedOn: null } }))
        .thenThrows(IllegalStateError, /has not completed; results are published after the task completes \(002 §28.4\)/));

    it('refuses before the inspection is reported (000 §21)', () =>
      spec()
        .when(publish({ inspection: { ...reported, outcome: 'open', report: null } }))
        .thenThrows(IllegalStateError, /has not been reported; there is no result to publish/));

    describe('002 §30: a target not inspected counts as inspected, and its standard result is published, closing its duty', () => {
      const notInspected = (reason: 'not-at-registered-address' | 'deregistered' | 'revoked'): InspectionFacts => ({
        ...reported,
        outcome: 'unreachable',
        report: null,
        itemResults: {},
        inspectorIds: [],
        unreachable: { reason, recordedOn: '2026-05-08' },
      });

      it('publishes 通过登记的住所（经营场所）无法联系 for a target unreachable at its registered address', () =>
        spec()
          .when(publish({ inspection: notInspected('not-at-registered-address') }))
          .then([
            {
              type: 'ResultPublished',
              data: {
                taskId: 't1',
                targetId: 'x1',
                departmentId: 'lingling',
                publishedOn: '2026-05-25',
                publicResult: {
                  targetName: '零陵区测试食品有限公司',
                  creditCode: '91431102MA4L000001',
                  itemResults: [],
                  conclusion: '通过登记的住所（经营场所）无法联系',
                  handling: '不再开展检查，视为完成抽查',
                },
              },
            },
          ]));

      it.each([
        ['deregistered', /已办理注销登记/],
        ['revoked', /吊销营业执照或撤销设立登记/],
      ] as const)('publishes the standard result of a target %s before the deadline', (reason, conclusion) => {
        const [event] = resultDecider.decide(publish({ inspection: notInspected(reason) }), resultDecider.initialState);
        expect(event.type === 'ResultPublished' && event.data.publicResult.conclusion).toMatch(conclusion);
      });

      it('still waits for the task to complete (002 §28.4)', () =>
        spec()
          .when(publish({ inspection: notInspected('not-at-registered-address'), task: { ...task, completedOn: null } }))
          .thenThrows(IllegalStateError, /has not completed/));

      it('is not exempted from publication: exemption is for a reported result the law keeps private', () =>
        spec()
          .when({ type: 'ExemptPublication', taskId: 't1', targetId: 'x1', reason: '涉密', legalBasis: '《保守国家秘密法》', decidedOn: '2026-05-25', inspection: notInspected('revoked') })
          .thenThrows(IllegalStateError, /not inspected.*002 §30/));
    });

    it('refuses while an item awaits its test result: a result is published whole', () =>
      spec()
        .when(publish({ inspection: { ...reported, itemResults: { i1: 'compliant', i2: 'awaiting-test' } } }))
        .thenThrows(IllegalStateError, /item i2 has no final result: it awaits a test result/));

    it('refuses an unknown task and an unregistered target', () => {
      spec()
        .when(publish({ task: null }))
        .thenThrows(NotFoundError, /task t1 is not set up/, 'taskId');
      spec()
        .when(publish({ target: null }))
        .thenThrows(NotFoundError, /target x1 is not registered/, 'targetId');
    });

    it('refuses to publish again: a published result is immutable (002 §29)', () =>
      spec([published])
        .when(publish())
        .thenThrows(IllegalStateError, /published on 2026-05-25 and may not be changed.*002 §29/));

    it('refuses to exempt a published result (002 §29)', () =>
      spec([published])
        .when({
          type: 'ExemptPublication',
          taskId: 't1',
          targetId: 'x1',
          reason: '涉及国家秘密',
          legalBasis: '保守国家秘密法',
          decidedOn: '2026-05-26',
          inspection: reported,
        })
        .thenThrows(IllegalStateError, /may not be changed/));
  });

  describe('exemption (002 §28.4: 除依法依规不予公开的情形外)', () => {
    const exempt = {
      type: 'ExemptPublication',
      taskId: 't1',
      targetId: 'x1',
      reason: ' 涉及国家秘密 ',
      legalBasis: '《保守国家秘密法》',
      decidedOn: '2026-05-22',
      inspection: reported,
    } as const;

    it('records the reason and the legal basis', () =>
      spec()
        .when(exempt)
        .then([{ type: 'PublicationExempted', data: { ...on, reason: '涉及国家秘密', legalBasis: '《保守国家秘密法》', decidedOn: '2026-05-22' } }]));

    it('refuses an exemption without its legal basis', () =>
      spec()
        .when({ ...exempt, legalBasis: ' ' })
        .thenThrows(ValidationError, /cites the law/, 'legalBasis'));

    it('refuses to publish an exempted result', () =>
      spec([{ type: 'PublicationExempted', data: { ...on, reason: '涉及国家秘密', legalBasis: '《保守国家秘密法》', decidedOn: '2026-05-22' } }])
        .when(publish())
        .thenThrows(IllegalStateError, /exempted from publication on 2026-05-22/));
  });

  describe('correction (002 §29: only with the principal head’s signature, next to the original)', () => {
    const correct = (actor: Actor, changes: ResultChanges = { conclusion: '发现问题，已责令整改', handling: '责令改正' }) =>
      ({ type: 'CorrectResult', taskId: 't1', targetId: 'x1', reason: ' 录入错误 ', changes, correctedOn: '2026-06-10', actor }) as const;

    it("publishes the whole corrected result, signed by the unit's principal head", () =>
      spec([published])
        .when(correct(head))
        .then([corrected({ ...publicResult, conclusion: '发现问题，已责令整改', handling: '责令改正' })]));

    it('refuses a correction by staff: the principal head signs (002 §29)', () =>
      spec([published])
        .when(correct(staff))
        .thenThrows(ForbiddenError, /signature of the principal head of lingling.*002 §29/));

    it('refuses the head of another unit (002 §29: 所在单位主要负责人)', () =>
      spec([published])
        .when(correct({ ...head, unit: 'qiyang' }))
        .thenThrows(ForbiddenError, /principal head of lingling/));

    it('refuses to correct a result that was never published', () =>
      spec()
        .when(correct(head))
        .thenThrows(IllegalStateError, /has not been published/));

    it('refuses a correction that changes nothing, or names an item not in the result', () => {
      spec([published])
        .when(correct(head, { itemResults: [{ itemId: 'i1', result: 'compliant' }] }))
        .thenThrows(IllegalStateError, /leaves the published result unchanged/);
      spec([published])
        .when(correct(head, { itemResults: [{ itemId: 'i9', result: 'compliant' }] }))
        .thenThrows(ValidationError, /i9 is not part of the published result/, 'itemResults.0.itemId');
      spec([published])
        .when(correct(head, {}))
        .thenThrows(ValidationError, /changes at least one/, 'correction');
    });

    it('corrects a corrected result from where the last correction left it', () => {
      const first = { ...publicResult, conclusion: '发现问题，已责令整改', handling: '责令改正' };
      spec([published, corrected(first)])
        .when(correct(head, { handling: '已整改到位' }))
        .then([corrected({ ...first, handling: '已整改到位' }, { correctionNumber: 2 })]);
    });
  });

  describe('objection (002 §29: review within 20 working days, correct if wrong, feed back within 15)', () => {
    const receive = {
      type: 'ReceiveObjection',
      taskId: 't1',
      targetId: 'x1',
      receivedOn: '2026-06-01',
      grounds: '标签标识项适用',
      objector: '零陵区测试食品有限公司',
      today: '2026-06-02',
    } as const;

    it('numbers the objections to a published result', () => {
      spec([published]).when(receive).then([objected]);
      spec([published, objected])
        .when(receive)
        .then([{ ...objected, data: { ...objected.data, objectionNumber: 2 } } as ResultEvent]);
    });

    it('refuses an objection to a result that is not published', () =>
      spec()
        .when(receive)
        .thenThrows(IllegalStateError, /only a published result is objected to/));

    it('refuses an objection received in the future or before publication', () => {
      spec([published])
        .when({ ...receive, receivedOn: '2026-06-03' })
        .thenThrows(ValidationError, /in the future/, 'receivedOn');
      spec([published])
        .when({ ...receive, receivedOn: '2026-05-24' })
        .thenThrows(ValidationError, /before the result was published/, 'receivedOn');
    });

    it('upheld: records the review and the correction it requires, signed by the head, in one decision', () =>
      spec([published, objected])
        .when(review())
        .then([
          {
            type: 'ObjectionReviewed',
            data: { ...on, objectionNumber: 1, reviewedOn: '2026-06-15', upheld: true, reasoning: '经复查，标签标识项适用且符合要求', reviewedBy: 'head-1' },
          },
          corrected(
            { ...publicResult, itemResults: [publicResult.itemResults[0], { ...publicResult.itemResults[1], result: 'compliant' }] },
            { correctedOn: '2026-06-15', reason: '经复查，标签标识项适用且符合要求', objectionNumber: 1 },
          ),
        ]));

    it('upheld by staff: refused, the correction needs the head (002 §29)', () =>
      spec([published, objected])
        .when(review({ actor: staff }))
        .thenThrows(ForbiddenError, /002 §29/));

    it('upheld without a correction: refused', () =>
      spec([published, objected])
        .when(review({ correction: null }))
        .thenThrows(ValidationError, /give the correction/, 'correction'));

    it('rejected: records the review only, and staff may make it', () =>
      spec([published, objected])
        .when(review({ upheld: false, correction: null, actor: staff, reasoning: '检查时确不适用' }))
        .then([
          {
            type: 'ObjectionReviewed',
            data: { ...on, objectionNumber: 1, reviewedOn: '2026-06-15', upheld: false, reasoning: '检查时确不适用', reviewedBy: 'staff-1' },
          },
        ]));

    it('rejected with a correction: refused, a rejected objection corrects nothing', () =>
      spec([published, objected])
        .when(review({ upheld: false }))
        .thenThrows(ValidationError, /corrects nothing/, 'correction'));

    it('refuses to review an unknown objection or one already reviewed', () => {
      spec([published, objected])
        .when(review({ objectionNumber: 2 }))
        .thenThrows(NotFoundError, /no objection 2/, 'objectionNumber');
      const reviewed = resultDecider.decide(review(), [published, objected].reduce(resultDecider.evolve, resultDecider.initialState));
      spec([published, objected, ...reviewed])
        .when(review())
        .thenThrows(IllegalStateError, /reviewed on 2026-06-15 \(upheld\)/, 'objectionNumber');
    });

    it('feeds the review back once, after the review', () => {
      const feedBack = { type: 'FeedBackObjectionReview', taskId: 't1', targetId: 'x1', objectionNumber: 1, channel: 'post', fedBackOn: '2026-06-20' } as const;
      spec([published, objected])
        .when(feedBack)
        .thenThrows(IllegalStateError, /has not been reviewed/, 'objectionNumber');
      const reviewed = resultDecider.decide(
        review({ upheld: false, correction: null }),
        [published, objected].reduce(resultDecider.evolve, resultDecider.initialState),
      );
      spec([published, objected, ...reviewed])
        .when(feedBack)
        .then([{ type: 'ObjectionReviewFedBack', data: { ...on, objectionNumber: 1, fedBackOn: '2026-06-20', channel: 'post' } }]);
      spec([
        published,
        objected,
        ...reviewed,
        { type: 'ObjectionReviewFedBack', data: { ...on, objectionNumber: 1, fedBackOn: '2026-06-20', channel: 'post' } },
      ])
        .when(feedBack)
        .thenThrows(IllegalStateError, /was fed back on 2026-06-20/);
    });
  });

  describe('comments on the inspectors (000 §24: within 10 working days of feedback)', () => {
    const receive = (overrides: Partial<ReceiveInspectorComment> = {}): ReceiveInspectorComment => ({
      type: 'ReceiveInspectorComment',
      taskId: 't1',
      targetId: 'x1',
      receivedOn: '2026-05-20',
      comment: '检查人员态度良好',
      inspectorIds: null,
      today: '2026-06-01',
      inspection: reported,
      commentDeadline: { date: '2026-05-25', provisional: false },
      ...overrides,
    });
    const received = (late: boolean, receivedOn: string): ResultEvent => ({
      type: 'InspectorCommentReceived',
      data: { ...on, receivedOn, comment: '检查人员态度良好', inspectorIds: ['insp-1', 'insp-2'], deadline: '2026-05-25', provisional: false, late },
    });

    it('records a comment within the window on every inspector on site, even before publication', () =>
      spec()
        .when(receive())
        .then([received(false, '2026-05-20')]));

    it('still records a comment on the last day of the window as on time', () =>
      spec()
        .when(receive({ receivedOn: '2026-05-25' }))
        .then([received(false, '2026-05-25')]));

    it('records a later comment, marked late', () =>
      spec([published])
        .when(receive({ receivedOn: '2026-05-26' }))
        .then([received(true, '2026-05-26')]));

    it('refuses a comment before any feedback was delivered', () =>
      spec()
        .when(receive({ inspection: { ...reported, feedbackDeliveredOn: null }, commentDeadline: null }))
        .thenThrows(IllegalStateError, /000 §24/));

    it('refuses a comment on someone who did not inspect the target', () =>
      spec()
        .when(receive({ inspectorIds: ['insp-9'] }))
        .thenThrows(ValidationError, /insp-9 did not inspect/, 'inspectorIds.0'));

    it('refuses a comment dated before the feedback or in the future', () => {
      spec()
        .when(receive({ receivedOn: '2026-05-10' }))
        .thenThrows(ValidationError, /before the feedback was delivered/, 'receivedOn');
      spec()
        .when(receive({ receivedOn: '2026-06-02' }))
        .thenThrows(ValidationError, /in the future/, 'receivedOn');
    });
  });
});
