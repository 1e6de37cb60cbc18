import { ChecklistItem } from '../checklist/checklist.events';
import { DrawOutcome } from '../draw/draw-outcome';
import { PlanItem } from '../plan/plan.events';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { fold } from '../shared/decider';
import { specFor } from '../shared/testing';
import { AcceptJointTask, CompleteTask, FileImplementationPlan, LockTaskList, PlanInForce, ReportUnreachableList, SetUpTask } from './task.commands';
import { TASK_RULES, implementationPlanDueOn, itemsOnTheForm, jointDepartmentsPending, taskDecider, taskRulesOf } from './task.decider';
import { ImplementationPlanFiled, TargetClass, TaskEvent, TaskSetUp } from './task.events';
import { LOCK_FIXED_ALLOWANCE, lockWriteBytesAtMost } from './locked-list-size';

const spec = specFor(taskDecider);

const checklistItem = (itemId: string, category: 'general' | 'key', ratioCap: number | null): ChecklistItem => ({
  itemId,
  name: `事项 ${itemId}`,
  content: '内容',
  legalBasis: '依据',
  inspectingBody: '永州市市场监督管理局',
  targetType: '企业',
  methods: ['on-site'],
  qualifications: [],
  category,
  ratioCap,
});

const planItem = (itemId: string, windows = [{ from: '2026-04-01', to: '2026-06-30' }]): PlanItem => ({
  itemId,
  checklistVersion: 2,
  scope: { description: '辖区内企业', subjectTypes: [], industries: [], areaCodes: [], subRegistry: null },
  ratio: 5,
  frequency: 1,
  riskRatios: [],
  trustworthyRatio: null,
  windows,
  estimatedTargets: 10,
});

const plan: PlanInForce = {
  planId: 'yongzhou-2026',
  departmentId: 'yongzhou',
  year: 2026,
  version: 3,
  isExecutable: true,
  publishedOn: '2026-03-20',
  items: [planItem('gen'), planItem('key', [{ from: '2026-03-01', to: '2026-12-31' }]), planItem('gen2')],
};

const checklist = { version: 2, items: [checklistItem('gen', 'general', 5), checklistItem('key', 'key', null), checklistItem('gen2', 'general', 3)] };

const departments = {
  hunan: { level: 'province' as const, areaCode: '430000', superiors: [] },
  yongzhou: { level: 'city' as const, areaCode: '431100', superiors: ['hunan'] },
  'yongzhou-env': { level: 'city' as const, areaCode: '431100', superiors: ['hunan'] },
  lingling: { level: 'county' as const, areaCode: '431102', superiors: ['yongzhou', 'hunan'] },
  qiyang: { level: 'county' as const, areaCode: '431121', superiors: ['yongzhou', 'hunan'] },
  shaoyang: { level: 'city' as const, areaCode: '430500', superiors: ['hunan'] },
  xinshao: { level: 'county' as const, areaCode: '430522', superiors: ['shaoyang', 'hunan'] },
};

const byRatio: TargetClass = { classId: 'all', label: '全部企业', filter: null, ratio: 5, count: null, trustworthyRatio: null };
/** A class as TaskSetUp records it: its grade strata always listed, its filter's grades too. */
const recorded = (c: TargetClass, gradeRatios: TargetClass['gradeRatios'] = []): TargetClass => ({
  ...c,
  filter: c.filter && { ...c.filter, creditGrades: c.filter.creditGrades ?? [] },
  gradeRatios,
});

const setUp = (overrides: Partial<SetUpTask> = {}): SetUpTask => ({
  type: 'SetUpTask',
  taskId: 't1',
  planId: 'yongzhou-2026',
  year: 2026,
  title: ' 2026年食品生产企业双随机抽查 ',
  businessUnitId: 'yongzhou-food',
  executingDepartmentIds: ['lingling', 'qiyang'],
  jointDepartmentIds: [],
  itemIds: ['gen', 'key'],
  window: { from: '2026-04-10', to: '2026-05-31' },
  classes: [byRatio],
  specialCampaign: false,
  setUpOn: '2026-04-01',
  plan,
  checklist,
  departments,
  businessUnitIds: ['yongzhou-food', 'yongzhou-credit'],
  ...overrides,
});

const setUpEvent: TaskSetUp = {
  type: 'TaskSetUp',
  data: {
    taskId: 't1',
    departmentId: 'yongzhou',
    planId: 'yongzhou-2026',
    planVersion: 3,
    year: 2026,
    title: '2026年食品生产企业双随机抽查',
    businessUnitId: 'yongzhou-food',
    executingDepartmentIds: ['lingling', 'qiyang'],
    jointDepartmentIds: [],
    items: [
      { itemId: 'gen', checklistVersion: 2, category: 'general' },
      { itemId: 'key', checklistVersion: 2, category: 'key' },
    ],
    window: { from: '2026-04-10', to: '2026-05-31' },
    classes: [recorded(byRatio)],
    specialCampaign: false,
    setUpOn: '2026-04-01',
  },
};

/** The task as the decider sets it up now, under dsr-task-2; `setUpEvent` is one recorded before (dsr-task-1). */
const setUpNow = (overrides: Partial<TaskSetUp['data']> = {}): TaskSetUp => ({
  ...setUpEvent,
  data: { ...setUpEvent.data, taskRules: TASK_RULES, ...overrides },
});

const confirmed = (targets: string[], overrides: Partial<DrawOutcome> = {}): DrawOutcome => ({
  status: 'confirmed',
  drawId: 'd1',
  taskId: 't1',
  targets: targets.map((targetId) => ({ targetId, classId: 'all' })),
  ...overrides,
});

const lock = (overrides: Partial<LockTaskList> = {}): LockTaskList => ({
  type: 'LockTaskList',
  drawId: 'd1',
  lockedOn: '2026-04-12',
  draw: confirmed(['a', 'b', 'c', 'd']),
  targetOwners: { a: 'lingling', b: 'qiyang', c: 'lingling', d: 'xinshao' },
  ...overrides,
});

describe('task (抽查任务)', () => {
  describe('when set up', () => {
    it('sets up a task under the published plan, delegated to subordinate counties, items carrying checklist version and category (000 §17)', () =>
      spec().when(setUp()).then([setUpNow()]));

    it('lets the owner execute the task itself', () =>
      spec()
        .when(setUp({ executingDepartmentIds: ['yongzhou'] }))
        .then([setUpNow({ executingDepartmentIds: ['yongzhou'] })]));

    it('refuses a second set-up of the same task', () =>
      spec([setUpEvent])
        .when(setUp())
        .thenThrows(IllegalStateError, /already set up/, 'taskId'));

    it('refuses a plan that is not filed', () =>
      spec()
        .when(setUp({ plan: null }))
        .thenThrows(NotFoundError, /not filed/, 'planId'));

    it('refuses a plan whose latest version is not published (004 §4(4): 未经公示的随机抽查工作计划不得实施)', () =>
      spec()
        .when(setUp({ plan: { ...plan, isExecutable: false, publishedOn: null } }))
        .thenThrows(IllegalStateError, /version 3 of plan yongzhou-2026 is not published/, 'planId'));

    it('refuses a task of another year than its plan', () =>
      spec()
        .when(setUp({ year: 2027 }))
        .thenThrows(ValidationError, /year 2026 of plan/, 'year'));

    it('refuses an empty title', () =>
      spec()
        .when(setUp({ title: '  ' }))
        .thenThrows(ValidationError, /title/, 'title'));

    it('refuses a set-up dated before the plan version was published (004 §4(4))', () =>
      spec()
        .when(setUp({ setUpOn: '2026-03-19' }))
        .thenThrows(ValidationError, /before version 3 of the plan was published/, 'setUpOn'));

    describe('items', () => {
      it('refuses a task without items', () =>
        spec()
          .when(setUp({ itemIds: [] }))
          .thenThrows(ValidationError, /at least one/, 'itemIds'));

      it('refuses an item named twice', () =>
        spec()
          .when(setUp({ itemIds: ['gen', 'gen'] }))
          .thenThrows(ValidationError, /named twice/, 'itemIds.1'));

      it('refuses an item that is not in the plan (000 §16)', () =>
        spec()
          .when(setUp({ itemIds: ['gen', 'other'] }))
          .thenThrows(ValidationError, /other is not an item of version 3 of plan/, 'itemIds.1'));

      it("refuses when the plan's checklist version cannot be read", () =>
        spec()
          .when(setUp({ checklist: null }))
          .thenThrows(NotFoundError, /checklist version/, 'planId'));

      it('refuses an item of the plan missing from the checklist version it cites', () =>
        spec()
          .when(setUp({ checklist: { version: 2, items: checklist.items.filter((i) => i.itemId !== 'key') } }))
          .thenThrows(ValidationError, /not on checklist version 2/, 'itemIds.1'));
    });

    describe('window', () => {
      it('refuses a window that ends before it starts', () =>
        spec()
          .when(setUp({ window: { from: '2026-05-01', to: '2026-04-30' } }))
          .thenThrows(ValidationError, /ends before it starts/, 'window'));

      it('refuses a window that has already ended', () =>
        spec()
          .when(setUp({ setUpOn: '2026-06-01' }))
          .thenThrows(ValidationError, /has ended by 2026-06-01/, 'window'));

      it("refuses a window outside the plan's timing for one of its items (000 §16, 002 §14)", () =>
        spec()
          .when(setUp({ window: { from: '2026-06-01', to: '2026-07-15' } }))
          .thenThrows(ValidationError, /outside the plan's timing for item gen \(2026-04-01–2026-06-30\)/, 'window'));

      it('accepts a window inside any one of the windows the plan gives the item', () =>
        spec()
          .when(
            setUp({
              itemIds: ['gen'],
              window: { from: '2026-09-01', to: '2026-09-30' },
              plan: { ...plan, items: [planItem('gen', [plan.items[0].windows[0], { from: '2026-09-01', to: '2026-11-30' }])] },
            }),
          )
          .then([setUpNow({ items: [setUpEvent.data.items[0]], window: { from: '2026-09-01', to: '2026-09-30' } })]));
    });

    describe('target classes (002 §18)', () => {
      const withClasses = (...classes: TargetClass[]) => setUp({ classes });

      it('refuses a task without classes', () =>
        spec()
          .when(withClasses())
          .thenThrows(ValidationError, /at least one class/, 'classes'));

      it('refuses two classes with one id', () =>
        spec()
          .when(withClasses(byRatio, { ...byRatio, label: '另一类' }))
          .thenThrows(ValidationError, /class all is named twice/, 'classes.1.classId'));

      it('refuses a class without a label', () =>
        spec()
          .when(withClasses({ ...byRatio, label: ' ' }))
          .thenThrows(ValidationError, /label/, 'classes.0.label'));

      it('refuses a class giving both ratio and count', () =>
        spec()
          .when(withClasses({ ...byRatio, count: 10 }))
          .thenThrows(ValidationError, /exactly one of ratio and count/, 'classes.0'));

      it('refuses a class giving neither ratio nor count', () =>
        spec()
          .when(withClasses({ ...byRatio, ratio: null }))
          .thenThrows(ValidationError, /exactly one of ratio and count/, 'classes.0'));

      it('refuses a ratio of 0', () =>
        spec()
          .when(withClasses({ ...byRatio, ratio: 0 }))
          .thenThrows(ValidationError, /above 0/, 'classes.0.ratio'));

      it("refuses a ratio above a general item's cap (DOMAIN.md 一单两库: general items strictly capped)", () =>
        spec()
          .when(setUp({ itemIds: ['gen', 'gen2'], classes: [{ ...byRatio, ratio: 4 }] }))
          .thenThrows(ValidationError, /4%, above the cap of 3% of general item gen2/, 'classes.0.ratio'));

      describe('002 §14, §18: the plan’s ratio for a general item binds the class as the cap does', () => {
        // the plan draws gen at 2% (its cap is 5%), grade D of gen at 4%
        const planAt2: PlanInForce = {
          ...plan,
          items: plan.items.map((item) => (item.itemId === 'gen' ? { ...item, ratio: 2, riskRatios: [{ grade: 'D', ratio: 4 }] } : item)),
        };
        const dOnly = { subjectTypes: [], scales: [], industries: [], areaCodes: [], subRegistryId: null, creditGrades: ['D' as const] };

        it('given the plan draws 2%, when a class asks 3% (within the 5% cap), then it is refused naming the plan’s ratio', () =>
          spec()
            .when(setUp({ plan: planAt2, classes: [{ ...byRatio, ratio: 3, gradeRatios: [] }] }))
            .thenThrows(ValidationError, /draws 3%, above the ratio of 2% the plan sets for general item gen \(002 §14, §18\)/, 'classes.0.ratio'));

        it('given the plan draws grade D at 4%, when a class asks 5% of grade D, then it is refused naming the plan’s ratio for the grade', () =>
          spec()
            .when(setUp({ plan: planAt2, classes: [{ ...byRatio, ratio: 2, gradeRatios: [{ grade: 'D', ratio: 5 }] }] }))
            .thenThrows(
              ValidationError,
              /grade D at 5%, above the ratio of 4% the plan sets for grade D of general item gen \(002 §14, §15\)/,
              'classes.0.gradeRatios.0.ratio',
            ));

        it('given a class of grade D only, then the plan’s ratio for grade D binds it', () => {
          expect(
            taskDecider.decide(setUp({ plan: planAt2, classes: [{ ...byRatio, ratio: 4, filter: dOnly, gradeRatios: [] }] }), taskDecider.initialState)[0].type,
          ).toBe('TaskSetUp');
          spec()
            .when(setUp({ plan: planAt2, classes: [{ ...byRatio, ratio: 5, filter: dOnly, gradeRatios: [] }] }))
            .thenThrows(ValidationError, /draws 5%, above the ratio of 4% the plan sets for general item gen/, 'classes.0.ratio');
        });

        it('given a special campaign, then the plan’s ratio does not bind it (002 §15: 专项整治…不受比例和频次限制), the cap still does', () => {
          expect(
            taskDecider.decide(
              setUp({ plan: planAt2, specialCampaign: true, classes: [{ ...byRatio, ratio: 5, gradeRatios: [] }] }),
              taskDecider.initialState,
            )[0].type,
          ).toBe('TaskSetUp');
          spec()
            .when(setUp({ plan: planAt2, specialCampaign: true, classes: [{ ...byRatio, ratio: 6, gradeRatios: [] }] }))
            .thenThrows(ValidationError, /above the cap of 5%/, 'classes.0.ratio');
        });

        it('given the plan’s per-grade ratios, then the grade strata it sets up are held to them too', () =>
          expect(
            (taskDecider.decide(setUp({ plan: planAt2, classes: [{ ...byRatio, ratio: 2 }] }), taskDecider.initialState)[0].data as TaskSetUp['data'])
              .classes[0].gradeRatios,
          ).toEqual([{ grade: 'D', ratio: 4 }]));
      });

      it('accepts any ratio up to 100% when every item is a key item (no upper limit)', () =>
        spec()
          .when(setUp({ itemIds: ['key'], classes: [{ ...byRatio, ratio: 60 }] }))
          .then([setUpNow({ items: [setUpEvent.data.items[1]], classes: [recorded({ ...byRatio, ratio: 60 })] })]));

      it('accepts a directional class by count, with trustworthy targets drawn less (000 §16, §20)', () => {
        const directional: TargetClass = {
          classId: 'food',
          label: '食品生产小微企业',
          filter: { subjectTypes: ['enterprise'], scales: ['small', 'micro'], industries: ['C14'], areaCodes: [], subRegistryId: null },
          ratio: null,
          count: 12,
          trustworthyRatio: 0,
        };
        spec()
          .when(withClasses(byRatio, directional))
          .then([setUpNow({ classes: [recorded(byRatio), recorded(directional)] })]);
      });

      it('refuses a count that is not a whole number of at least 1', () =>
        spec()
          .when(withClasses({ ...byRatio, ratio: null, count: 0 }))
          .thenThrows(ValidationError, /whole number of at least 1/, 'classes.0.count'));

      it('refuses a trustworthy ratio not below the ratio (000 §16: drawn less, never more)', () =>
        spec()
          .when(withClasses({ ...byRatio, trustworthyRatio: 5 }))
          .thenThrows(ValidationError, /below its ratio of 5%/, 'classes.0.trustworthyRatio'));

      describe('000 §16: a class that names no 守信 ratio takes the plan’s', () => {
        const trusting = (gen: number | null, key: number | null): PlanInForce => ({
          ...plan,
          items: plan.items.map((item) => ({ ...item, trustworthyRatio: item.itemId === 'gen' ? gen : item.itemId === 'key' ? key : item.trustworthyRatio })),
        });
        const { trustworthyRatio: _left, ...unnamed } = byRatio;
        const taken = (p: PlanInForce, c: object = unnamed) =>
          (taskDecider.decide(setUp({ plan: p, classes: [c as TargetClass] }), taskDecider.initialState)[0].data as TaskSetUp['data']).classes[0]
            .trustworthyRatio;

        it('takes the highest of the items’ 守信 ratios when the plan lowers it for every item of the task', () => expect(taken(trusting(1, 2))).toBe(2));
        it('takes none when the plan draws 守信 targets of one of the items like the others', () => expect(taken(trusting(1, null))).toBeNull());
        it('takes none when the plan’s ratio would not be below the class’s own', () => expect(taken(trusting(5, 5))).toBeNull());
        it('keeps what the class names, null included', () => {
          expect(taken(trusting(1, 2), { ...unnamed, trustworthyRatio: null })).toBeNull();
          expect(taken(trusting(1, 2), { ...unnamed, trustworthyRatio: 0 })).toBe(0);
        });
      });

      it('002 §15: records a higher ratio for targets with many complaints, above the checklist’s cap, since they are outside it', () => {
        const [event] = taskDecider.decide(withClasses({ ...byRatio, complaintsRatio: 40 }), taskDecider.initialState);
        expect((event as TaskSetUp).data.classes[0]).toMatchObject({ ratio: 5, complaintsRatio: 40 });
      });

      it('002 §15: refuses a ratio for many complaints that is not above the class’s ratio, or above 100%', () => {
        spec()
          .when(withClasses({ ...byRatio, complaintsRatio: 5 }))
          .thenThrows(ValidationError, /many complaints in class all must be above its ratio of 5%/, 'classes.0.complaintsRatio');
        spec()
          .when(withClasses({ ...byRatio, complaintsRatio: 101 }))
          .thenThrows(ValidationError, /must be above its ratio of 5% and at most 100%/, 'classes.0.complaintsRatio');
        spec()
          .when(withClasses({ ...byRatio, ratio: null, count: 10, complaintsRatio: 0 }))
          .thenThrows(ValidationError, /must be a percentage above 0 and at most 100/, 'classes.0.complaintsRatio');
      });

      it('records no ratio for many complaints when none is given, as tasks set up before it', () => {
        const [event] = taskDecider.decide(withClasses(byRatio), taskDecider.initialState);
        expect((event as TaskSetUp).data.classes[0]).not.toHaveProperty('complaintsRatio');
      });

      describe('credit-risk grades drive the draw (002 §15, 003 §2(4))', () => {
        const graded = (ratios: Record<string, PlanItem['riskRatios']>): PlanInForce => ({
          ...plan,
          items: plan.items.map((item) => ({ ...item, riskRatios: ratios[item.itemId] ?? [] })),
        });
        const classesOf = (events: readonly { data: unknown }[]) => (events[0].data as TaskSetUp['data']).classes;

        it("002 §15: given a plan with per-grade ratios, when a task is set up, then each class draws those grades as strata at the plan's ratios", () => {
          const command = setUp({
            plan: graded({
              gen: [
                { grade: 'A', ratio: 1 },
                { grade: 'D', ratio: 5 },
              ],
            }),
          });
          expect(classesOf(taskDecider.decide(command, taskDecider.initialState))).toEqual([
            recorded(byRatio, [
              { grade: 'A', ratio: 1 },
              { grade: 'D', ratio: 5 },
            ]),
          ]);
        });

        it('002 §15: given two items grading differently, then each grade takes the higher ratio, a worse grade never below a better one, none above the general item’s cap or its planned ratio for the grade', () => {
          // gen caps at 5% and plans 5%; the key item asks 20% of grade D and 4% of grade C, gen 2% of B and 3% of C: C stays at gen's 3% (002 §14)
          const command = setUp({
            plan: graded({
              gen: [
                { grade: 'B', ratio: 2 },
                { grade: 'C', ratio: 3 },
              ],
              key: [
                { grade: 'C', ratio: 4 },
                { grade: 'D', ratio: 20 },
              ],
            }),
          });
          expect(classesOf(taskDecider.decide(command, taskDecider.initialState))[0].gradeRatios).toEqual([
            { grade: 'B', ratio: 2 },
            { grade: 'C', ratio: 3 },
            { grade: 'D', ratio: 5 },
          ]);
        });

        it("002 §18: given a class that names its own grade ratios, then they replace the plan's; an empty list draws no grade apart", () => {
          const command = setUp({
            plan: graded({ gen: [{ grade: 'D', ratio: 5 }] }),
            classes: [
              {
                ...byRatio,
                gradeRatios: [
                  { grade: 'D', ratio: 4 },
                  { grade: 'C', ratio: 2 },
                ],
              },
              { ...byRatio, classId: 'rest', gradeRatios: [] },
            ],
          });
          expect(classesOf(taskDecider.decide(command, taskDecider.initialState)).map((c) => c.gradeRatios)).toEqual([
            [
              { grade: 'C', ratio: 2 },
              { grade: 'D', ratio: 4 },
            ],
            [],
          ]);
        });

        it('002 §9: refuses a grade ratio above the cap of a general item of the task', () =>
          spec()
            .when(withClasses({ ...byRatio, gradeRatios: [{ grade: 'D', ratio: 6 }] }))
            .thenThrows(ValidationError, /grade D at 6%, above the cap of 5% of general item gen/, 'classes.0.gradeRatios.0.ratio'));

        it('002 §15: refuses a worse grade drawn at less than a better one', () =>
          spec()
            .when(
              withClasses({
                ...byRatio,
                gradeRatios: [
                  { grade: 'C', ratio: 3 },
                  { grade: 'D', ratio: 2 },
                ],
              }),
            )
            .thenThrows(ValidationError, /grade D \(2%\) less than the lower-risk grade C \(3%\)/, 'classes.0.gradeRatios'));

        it('refuses a grade given two ratios', () =>
          spec()
            .when(
              withClasses({
                ...byRatio,
                gradeRatios: [
                  { grade: 'C', ratio: 3 },
                  { grade: 'C', ratio: 4 },
                ],
              }),
            )
            .thenThrows(ValidationError, /grade C two ratios/, 'classes.0.gradeRatios.1.grade'));

        it('000 §20: accepts a directional class filtering on credit grades alone', () => {
          const risky: TargetClass = {
            ...byRatio,
            classId: 'risky',
            filter: { subjectTypes: [], scales: [], industries: [], areaCodes: [], subRegistryId: null, creditGrades: ['C', 'D'] },
          };
          spec()
            .when(withClasses(risky))
            .then([setUpNow({ classes: [recorded(risky)] })]);
        });
      });

      it('refuses a directional filter that filters on nothing', () =>
        spec()
          .when(withClasses({ ...byRatio, filter: { subjectTypes: [], scales: [], industries: [], areaCodes: [], subRegistryId: null } }))
          .thenThrows(ValidationError, /filters on nothing/, 'classes.0.filter'));
    });

    describe('departments', () => {
      it('refuses a task executed by no department', () =>
        spec()
          .when(setUp({ executingDepartmentIds: [] }))
          .thenThrows(ValidationError, /at least one department/, 'executingDepartmentIds'));

      it('refuses an executing department named twice', () =>
        spec()
          .when(setUp({ executingDepartmentIds: ['lingling', 'lingling'] }))
          .thenThrows(ValidationError, /named twice/, 'executingDepartmentIds.1'));

      it('refuses an unregistered executing department', () =>
        spec()
          .when(setUp({ executingDepartmentIds: ['nowhere'] }))
          .thenThrows(ValidationError, /nowhere is not registered/, 'executingDepartmentIds.0'));

      it('refuses delegation to a department not below the owner (000 §17: a superior delegates to its subordinates)', () =>
        spec()
          .when(setUp({ executingDepartmentIds: ['lingling', 'xinshao'] }))
          .thenThrows(ForbiddenError, /only to departments below it, and xinshao is not one/, 'executingDepartmentIds.1'));

      it('refuses delegation upwards', () =>
        spec()
          .when(setUp({ executingDepartmentIds: ['hunan'] }))
          .thenThrows(ForbiddenError, /hunan is not one/, 'executingDepartmentIds.0'));

      it('sets up a joint task with another department of the same level (004 §2(4))', () =>
        spec()
          .when(setUp({ jointDepartmentIds: ['yongzhou-env'] }))
          .then([setUpNow({ jointDepartmentIds: ['yongzhou-env'] })]));

      it('refuses the owner as its own joint department', () =>
        spec()
          .when(setUp({ jointDepartmentIds: ['yongzhou'] }))
          .thenThrows(ValidationError, /owns the task/, 'jointDepartmentIds.0'));

      it('refuses a joint department that also executes the task', () =>
        spec()
          .when(setUp({ jointDepartmentIds: ['lingling'] }))
          .thenThrows(ValidationError, /lingling is named twice/, 'jointDepartmentIds.0'));

      it('refuses a joint department named twice', () =>
        spec()
          .when(setUp({ jointDepartmentIds: ['yongzhou-env', 'yongzhou-env'] }))
          .thenThrows(ValidationError, /named twice/, 'jointDepartmentIds.1'));

      it('refuses an unregistered joint department', () =>
        spec()
          .when(setUp({ jointDepartmentIds: ['nowhere'] }))
          .thenThrows(ValidationError, /not registered/, 'jointDepartmentIds.0'));

      it('refuses a joint department of another level (004 §2(4): departments of the same level)', () =>
        spec()
          .when(setUp({ executingDepartmentIds: ['yongzhou'], jointDepartmentIds: ['qiyang'] }))
          .thenThrows(ValidationError, /qiyang is a county department, not a city one/, 'jointDepartmentIds.0'));

      it("004 §2(4): refuses a joint department of another government's area — a joint task joins departments under one government", () =>
        spec()
          .when(setUp({ departments: { ...departments, shaoyang: { ...departments.shaoyang } }, jointDepartmentIds: ['shaoyang'] }))
          .thenThrows(ValidationError, /serves area 430500, not 431100 like yongzhou.*004 §2\(4\)/, 'jointDepartmentIds.0'));

      it("refuses a business unit that is not the owner's (000 §19: units of one department exclude each other's targets)", () =>
        spec()
          .when(setUp({ businessUnitId: 'lingling-food' }))
          .thenThrows(ValidationError, /not a business unit of yongzhou/, 'businessUnitId'));

      it('000 §19: refuses a task that names no unit when the department has units — leaving it out would lift the other-unit exclusion', () =>
        spec()
          .when(setUp({ businessUnitId: null }))
          .thenThrows(ValidationError, /name the business unit that executes the task: one of yongzhou-food, yongzhou-credit/, 'businessUnitId'));

      it('accepts a task run by the department as a whole when it has no units', () =>
        spec()
          .when(setUp({ businessUnitId: null, businessUnitIds: [] }))
          .then([setUpNow({ businessUnitId: null })]));
    });
  });

  describe('when the list is locked (002 §19: locked, dispatched, announced)', () => {
    describe('the one write that locks a list (docs/architecture.md, The largest write)', () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `91431102MA${String(i).padStart(7, '0')}X`);
      const lockOf = (targetIds: string[], joint: string[]) => {
        const draw = { ...confirmed(targetIds), targets: targetIds.map((targetId) => ({ targetId, classId: 'food-production' })) };
        const setUp = { ...setUpEvent, data: { ...setUpEvent.data, jointDepartmentIds: joint } };
        const accepted = joint.map((jointDepartmentId): TaskEvent => ({
          type: 'JointTaskAccepted',
          data: {
            taskId: 't1',
            departmentId: 'yongzhou',
            jointDepartmentId,
            items: [{ itemId: 'env', checklistVersion: 1, category: 'general' }],
            acceptedOn: '2026-04-02',
          },
        }));
        const owners = Object.fromEntries(targetIds.map((id, i) => [id, i % 2 ? 'lingling' : 'qiyang']));
        return taskDecider.decide(lock({ draw, targetOwners: owners }), fold(taskDecider, [setUp, ...accepted]));
      };
      // each event's metadata (who, when, hashes) takes well under 1 KiB
      const bytesOf = (events: TaskEvent[]) => events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)) + 1024, 0);

      it('locks 12,000 targets in one write EventStoreDB takes by default (1 MiB)', () => {
        const events = lockOf(ids(12_000), []);
        expect(events.map((e) => e.type)).toEqual(['TaskListLocked', 'TaskDispatched', 'TaskDispatched', 'TaskAnnounced']);
        expect(bytesOf(events)).toBeLessThan(1024 * 1024);
      });

      it('is bounded by lockWriteBytesAtMost, which a freeze checks before the draw, closely enough to refuse only what would not fit', () => {
        for (const [count, joint] of [
          [12_000, []],
          [5_000, ['yongzhou-env', 'yongzhou-health']],
          [1, []],
        ] as const) {
          const events = lockOf(ids(count), [...joint]);
          const real = bytesOf(events);
          const bound = lockWriteBytesAtMost({ count, longestTargetId: 18, longestClassId: 'food-production'.length, jointDepartments: joint.length });
          expect(bound).toBeGreaterThanOrEqual(real);
          expect(bound - real).toBeLessThan(LOCK_FIXED_ALLOWANCE + count * 8);
        }
      });
    });

    const locked: TaskEvent = {
      type: 'TaskListLocked',
      data: {
        taskId: 't1',
        departmentId: 'yongzhou',
        drawId: 'd1',
        targets: ['a', 'b', 'c', 'd'].map((targetId) => ({ targetId, classId: 'all' })),
        lockedOn: '2026-04-12',
        year: 2026,
        window: { from: '2026-04-10', to: '2026-05-31' },
        itemIds: ['gen', 'key'],
        jointDepartmentIds: [],
      },
    };
    const announced: TaskEvent = {
      type: 'TaskAnnounced',
      data: {
        taskId: 't1',
        departmentId: 'yongzhou',
        title: '2026年食品生产企业双随机抽查',
        items: setUpEvent.data.items,
        window: { from: '2026-04-10', to: '2026-05-31' },
        targetCount: 4,
        announcedOn: '2026-04-12',
      },
    };
    const dispatched = (executingDepartmentId: string, targetIds: string[]): TaskEvent => ({
      type: 'TaskDispatched',
      data: { taskId: 't1', departmentId: 'yongzhou', executingDepartmentId, targetIds, dispatchedOn: '2026-04-12' },
    });

    it('locks the confirmed list, dispatches each target to the executing department owning it, the rest to the owner, and announces it', () =>
      spec([setUpEvent])
        .when(lock())
        .then([locked, dispatched('lingling', ['a', 'c']), dispatched('qiyang', ['b']), dispatched('yongzhou', ['d']), announced]));

    it('dispatches nothing to an executing department that owns none of the targets', () =>
      spec([setUpEvent])
        .when(lock({ targetOwners: { a: 'lingling', b: 'lingling', c: 'lingling', d: 'lingling' } }))
        .then([locked, dispatched('lingling', ['a', 'b', 'c', 'd']), announced]));

    it('hands a joint department the whole list, to match its own inspectors to every target (004 §2(4))', () => {
      const joint: TaskSetUp = { ...setUpEvent, data: { ...setUpEvent.data, jointDepartmentIds: ['yongzhou-env'] } };
      spec([joint])
        .when(lock())
        .then([
          { ...locked, data: { ...locked.data, jointDepartmentIds: ['yongzhou-env'] } } as TaskEvent,
          dispatched('lingling', ['a', 'c']),
          dispatched('qiyang', ['b']),
          dispatched('yongzhou', ['d']),
          dispatched('yongzhou-env', ['a', 'b', 'c', 'd']),
          announced,
        ]);
    });

    it('locks and announces an empty list without dispatching anything', () =>
      spec([setUpEvent])
        .when(lock({ draw: confirmed([]), targetOwners: {} }))
        .then([{ ...locked, data: { ...locked.data, targets: [] } } as TaskEvent, { ...announced, data: { ...announced.data, targetCount: 0 } } as TaskEvent]));

    it('refuses to lock a task that is not set up', () =>
      spec()
        .when(lock())
        .thenThrows(NotFoundError, /not set up/));

    it('refuses to lock a locked list again', () =>
      spec([setUpEvent, locked])
        .when(lock({ drawId: 'd2', draw: confirmed(['x'], { drawId: 'd2' }) }))
        .thenThrows(IllegalStateError, /locked on 2026-04-12 from draw d1; it cannot change/));

    it('refuses a draw that does not exist', () =>
      spec([setUpEvent])
        .when(lock({ draw: { status: 'none', drawId: null, taskId: null, targets: [] } }))
        .thenThrows(NotFoundError, /draw d1 does not exist/, 'drawId'));

    it("refuses another task's draw", () =>
      spec([setUpEvent])
        .when(lock({ draw: confirmed(['a'], { taskId: 't9' }) }))
        .thenThrows(ValidationError, /drawn for task t9, not for t1/, 'drawId'));

    it.each(['frozen', 'drawn'] as const)('refuses a draw that is %s but not confirmed', (status) =>
      spec([setUpEvent])
        .when(lock({ draw: confirmed(['a'], { status }) }))
        .thenThrows(IllegalStateError, new RegExp(`is ${status}, not confirmed`), 'drawId'),
    );

    it('refuses a voided draw (a draw is never deleted, but a voided one locks nothing)', () =>
      spec([setUpEvent])
        .when(lock({ draw: confirmed(['a'], { status: 'voided' }) }))
        .thenThrows(IllegalStateError, /voided/, 'drawId'));

    it('refuses a lock dated before the task was set up', () =>
      spec([setUpEvent])
        .when(lock({ lockedOn: '2026-03-31' }))
        .thenThrows(ValidationError, /before the task was set up/, 'lockedOn'));

    it("refuses a lock dated after the task's window ended", () =>
      spec([setUpEvent])
        .when(lock({ lockedOn: '2026-06-01' }))
        .thenThrows(ValidationError, /after the task's window ended/, 'lockedOn'));
  });

  describe('when the task completes (002 §28.4: the publication clock starts; 002 §30: special outcomes count as completed)', () => {
    const lockedAndDispatched = (): TaskEvent[] => taskDecider.decide(lock(), taskDecider.evolve(taskDecider.initialState, setUpEvent));
    const complete = (inspections: CompleteTask['inspections'], completedOn = '2026-05-20'): CompleteTask => ({
      type: 'CompleteTask',
      completedOn,
      inspections,
    });
    const completed = (reported: string[], unreachable: string[] = [], handedOver: string[] = []): TaskEvent => ({
      type: 'TaskCompleted',
      data: { taskId: 't1', departmentId: 'yongzhou', completedOn: '2026-05-20', reported, unreachable, handedOver },
    });

    it('completes once every dispatched target is reported, found unreachable or handed over', () =>
      spec([setUpEvent, ...lockedAndDispatched()])
        .when(complete({ a: 'reported', b: 'unreachable', c: 'handed-over', d: 'reported' }))
        .then([completed(['a', 'd'], ['b'], ['c'])]));

    it('refuses while the inspection of a dispatched target is still open, naming it (002 §28.4)', () =>
      spec([setUpEvent, ...lockedAndDispatched()])
        .when(complete({ a: 'reported', b: 'open', c: 'reported' }))
        .thenThrows(IllegalStateError, /inspection of b, d has not been reported/));

    it('counts a target dispatched to two departments once (004 §2(4): one inspection of a joint task)', () => {
      const joint: TaskSetUp = { ...setUpEvent, data: { ...setUpEvent.data, jointDepartmentIds: ['yongzhou-env'] } };
      const events = taskDecider.decide(lock(), taskDecider.evolve(taskDecider.initialState, joint));
      spec([joint, ...events])
        .when(complete({ a: 'reported', b: 'reported', c: 'reported', d: 'reported' }))
        .then([completed(['a', 'c', 'b', 'd'])]);
    });

    it('refuses a task whose list is not locked', () =>
      spec([setUpEvent])
        .when(complete({}))
        .thenThrows(IllegalStateError, /not locked/));

    it('refuses a task that is not set up', () =>
      spec()
        .when(complete({}))
        .thenThrows(NotFoundError, /not set up/));

    it('refuses to complete a task twice', () =>
      spec([setUpEvent, ...lockedAndDispatched(), completed(['a', 'b', 'c', 'd'])])
        .when(complete({ a: 'reported', b: 'reported', c: 'reported', d: 'reported' }))
        .thenThrows(IllegalStateError, /completed on 2026-05-20/));

    it('refuses a completion dated before the lock', () =>
      spec([setUpEvent, ...lockedAndDispatched()])
        .when(complete({ a: 'reported', b: 'reported', c: 'reported', d: 'reported' }, '2026-04-11'))
        .thenThrows(ValidationError, /before the list was locked/, 'completedOn'));

    describe('002 §30: 由县局汇总后将名单上报市局 — the targets not inspected go up to the city bureau', () => {
      const report = (overrides: Partial<ReportUnreachableList> = {}): ReportUnreachableList => ({
        type: 'ReportUnreachableList',
        reportedOn: '2026-05-22',
        cityBureauId: 'yongzhou',
        notInspected: {
          b: { reason: 'not-at-registered-address', recordedOn: '2026-05-02' },
          c: { reason: 'deregistered', recordedOn: '2026-05-06' },
        },
        ...overrides,
      });
      const done = () => [setUpEvent, ...lockedAndDispatched(), completed(['a', 'd'], ['b', 'c'])];
      const reportedEvent: TaskEvent = {
        type: 'UnreachableListReported',
        data: {
          taskId: 't1',
          departmentId: 'yongzhou',
          reportedTo: 'yongzhou',
          targets: [
            { targetId: 'b', reason: 'not-at-registered-address', recordedOn: '2026-05-02' },
            { targetId: 'c', reason: 'deregistered', recordedOn: '2026-05-06' },
          ],
          reportedOn: '2026-05-22',
        },
      };

      it('reports every target the completion counted as not inspected, with why and when', () => spec(done()).when(report()).then([reportedEvent]));

      it('reports once', () =>
        spec([...done(), reportedEvent])
          .when(report())
          .thenThrows(IllegalStateError, /was reported on 2026-05-22/));

      it('waits for the task to complete', () =>
        spec([setUpEvent, ...lockedAndDispatched()])
          .when(report())
          .thenThrows(IllegalStateError, /has not completed/));

      it('has nothing to report when every target was inspected', () =>
        spec([setUpEvent, ...lockedAndDispatched(), completed(['a', 'b', 'c', 'd'])])
          .when(report())
          .thenThrows(IllegalStateError, /no list to report/));

      it('needs a city bureau above the department', () =>
        spec(done())
          .when(report({ cityBureauId: null }))
          .thenThrows(IllegalStateError, /no city bureau above it/));
    });
  });
  describe('a joint task is accepted by each invited department before its draw (004 §2(4), §4(3))', () => {
    const joint: TaskSetUp = { ...setUpEvent, data: { ...setUpEvent.data, jointDepartmentIds: ['yongzhou-env'] } };
    const envChecklist = { version: 4, items: [checklistItem('env-01', 'general', 5), checklistItem('env-02', 'key', null)] };
    const accept = (overrides: Partial<AcceptJointTask> = {}): AcceptJointTask => ({
      type: 'AcceptJointTask',
      jointDepartmentId: 'yongzhou-env',
      itemIds: ['env-01'],
      acceptedOn: '2026-04-03',
      checklist: envChecklist,
      ...overrides,
    });

    it('004 §2(4): given a joint task, when the invited department accepts for items of its own checklist, then JointTaskAccepted cites them with its version', () =>
      spec([joint])
        .when(accept())
        .then([
          {
            type: 'JointTaskAccepted',
            data: {
              taskId: 't1',
              departmentId: 'yongzhou',
              jointDepartmentId: 'yongzhou-env',
              items: [{ itemId: 'env-01', checklistVersion: 4, category: 'general' }],
              acceptedOn: '2026-04-03',
            },
          },
        ]));

    it('the draw waits for every invited department: pending until it accepts', () => {
      const before = fold(taskDecider, [joint]);
      expect(jointDepartmentsPending(before)).toEqual(['yongzhou-env']);
      const after = fold(taskDecider, [joint, ...taskDecider.decide(accept(), before)]);
      expect(jointDepartmentsPending(after)).toEqual([]);
      // 一对象一表单 (002 §24): the one form carries the owner's items and the joint department's
      expect(itemsOnTheForm(after).map((i) => i.itemId)).toEqual(['gen', 'key', 'env-01']);
    });

    it('refuses a department the task did not invite (403)', () =>
      spec([joint])
        .when(accept({ jointDepartmentId: 'shaoyang' }))
        .thenThrows(ForbiddenError, /not invited/, 'departmentId'));

    it('refuses a second acceptance', () =>
      spec([joint, ...taskDecider.decide(accept(), fold(taskDecider, [joint]))])
        .when(accept())
        .thenThrows(IllegalStateError, /accepted task t1 on 2026-04-03/, 'departmentId'));

    it('004 §4(3): refuses an item that is not on the joint department’s own published checklist, or a department with none', () => {
      spec([joint])
        .when(accept({ itemIds: ['gen'] }))
        .thenThrows(ValidationError, /not on version 4 of yongzhou-env's checklist/, 'itemIds.0');
      spec([joint])
        .when(accept({ checklist: null }))
        .thenThrows(IllegalStateError, /published no checklist/, 'itemIds');
      spec([joint])
        .when(accept({ itemIds: [] }))
        .thenThrows(ValidationError, /at least one item/, 'itemIds');
    });

    it('refuses an acceptance after the list is locked: the one list is drawn with every department in', () => {
      const locked = fold(taskDecider, [joint]);
      const lockEvents = taskDecider.decide(lock(), locked);
      spec([joint, ...lockEvents])
        .when(accept())
        .thenThrows(IllegalStateError, /accepts before the draw/, 'departmentId');
    });
  });

  describe('实施方案 — the implementation plan, filed with the superior before the task starts (004 §4(5))', () => {
    const file = (overrides: Partial<FileImplementationPlan> = {}): FileImplementationPlan => ({
      type: 'FileImplementationPlan',
      summary: '抽取比例5%；每组2人；实地核查；4月10日至5月31日实施；结果20个工作日内公示',
      filedTo: 'hunan',
      alsoFiledWith: '永州市人民政府',
      filedOn: '2026-04-05',
      superiorId: 'hunan',
      ...overrides,
    });
    const filed: ImplementationPlanFiled = {
      type: 'ImplementationPlanFiled',
      data: {
        taskId: 't1',
        departmentId: 'yongzhou',
        summary: '抽取比例5%；每组2人；实地核查；4月10日至5月31日实施；结果20个工作日内公示',
        filedTo: 'hunan',
        alsoFiledWith: '永州市人民政府',
        filedOn: '2026-04-05',
        dueOn: '2026-04-09',
      },
    };

    it('004 §4(5): records the filing with the superior department, due the day before the window opens', () => spec([setUpNow()]).when(file()).then([filed]));

    it('004 §4(5): refuses a filing with anyone but the nearest superior department', () =>
      spec([setUpNow()])
        .when(file({ filedTo: 'lingling' }))
        .thenThrows(ValidationError, /superior department of yongzhou/, 'filedTo'));

    it('004 §4(5): refuses a filing without its summary', () =>
      spec([setUpNow()])
        .when(file({ summary: '  ' }))
        .thenThrows(ValidationError, /summary/, 'summary'));

    it('004 §4(5): refuses a filing dated before the task was set up', () =>
      spec([setUpNow()])
        .when(file({ filedOn: '2026-03-31' }))
        .thenThrows(ValidationError, /before the task was set up/, 'filedOn'));

    it('004 §4(5): one plan per task — refuses a second filing', () =>
      spec([setUpNow(), filed])
        .when(file())
        .thenThrows(IllegalStateError, /was filed with hunan/, 'filedOn'));

    it('004 §4(5): the task does not start — its list is not locked and dispatched — until the plan is filed', () =>
      spec([setUpNow()])
        .when(lock())
        .thenThrows(IllegalStateError, /implementation plan \(实施方案\) of task t1 is not filed/, 'implementationPlan'));

    it('004 §4(5): locks the list once the plan is filed', () => {
      const events = taskDecider.decide(lock(), [setUpNow(), filed].reduce(taskDecider.evolve, taskDecider.initialState));
      expect(events[0].type).toBe('TaskListLocked');
      expect(events[events.length - 1].type).toBe('TaskAnnounced');
    });

    it('004 §4(5): refuses a lock dated before the filing', () =>
      spec([setUpNow(), { ...filed, data: { ...filed.data, filedOn: '2026-04-13' } }])
        .when(lock())
        .thenThrows(ValidationError, /before the implementation plan was filed/, 'lockedOn'));

    it('a task recorded before the rule (dsr-task-1) locks as it always did, and may file its plan late', () => {
      expect(taskRulesOf(setUpEvent.data)).toBe('dsr-task-1');
      const locked = taskDecider.decide(lock(), taskDecider.evolve(taskDecider.initialState, setUpEvent));
      spec([setUpEvent, ...locked])
        .when(file({ filedOn: '2026-04-20' }))
        .then([{ ...filed, data: { ...filed.data, filedOn: '2026-04-20' } }]);
    });

    it('a top-level department files with the body it names', () =>
      spec([setUpNow()])
        .when(file({ superiorId: null, filedTo: '国家市场监督管理总局' }))
        .then([{ ...filed, data: { ...filed.data, filedTo: '国家市场监督管理总局' } }]));

    it('is due the day before the window opens, across a month end', () =>
      expect(implementationPlanDueOn({ window: { from: '2026-05-01', to: '2026-05-31' } })).toBe('2026-04-30'));
  });
});
