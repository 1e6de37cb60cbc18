import { specFor } from '../shared/testing';
import { fold } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { ChecklistItem } from '../checklist/checklist.events';
import { CitedChecklist } from './plan.commands';
import { planDecider } from './plan.decider';
import { PlanContent, PlanEvent, PlanItem } from './plan.events';

const spec = specFor(planDecider);
const planId = 'lingling-2026';
const departmentId = 'lingling';

const listed = (itemId: string, name: string, ratioCap: number | null): ChecklistItem => ({
  itemId,
  name,
  content: name,
  legalBasis: '《中华人民共和国产品质量法》',
  inspectingBody: '零陵区市场监督管理局',
  targetType: '生产企业',
  methods: ['on-site'],
  qualifications: [],
  category: ratioCap === null ? 'key' : 'general',
  ratioCap,
});

const checklistV1: CitedChecklist = {
  version: 1,
  items: [listed('g1', '产品质量监督抽查', 5), listed('g2', '定量包装商品净含量抽查', 10), listed('k1', '特种设备生产单位监督抽查', null)],
};

const planItem = (itemId: string, overrides: Partial<PlanItem> = {}): PlanItem => ({
  itemId,
  checklistVersion: 1,
  scope: { description: '辖区内生产企业', subjectTypes: ['enterprise'], industries: ['C'], areaCodes: ['431102'], subRegistry: null },
  ratio: 5,
  frequency: 1,
  riskRatios: [
    { grade: 'A', ratio: 1 },
    { grade: 'D', ratio: 5 },
  ],
  trustworthyRatio: 2,
  windows: [{ from: '2026-04-01', to: '2026-10-31' }],
  estimatedTargets: 30,
  ...overrides,
});

const content = (items: PlanItem[] = [planItem('g1'), planItem('g2'), planItem('k1', { ratio: 40 })], overrides: Partial<PlanContent> = {}): PlanContent => ({
  checklistVersion: 1,
  items,
  split: { unit: 'percent', provincial: 20, municipal: 30, county: 0, own: 50 },
  ...overrides,
});

const file = (c: PlanContent = content(), checklist: CitedChecklist | null = checklistV1) =>
  ({ type: 'FilePlan', planId, departmentId, year: 2026, content: c, checklist }) as const;

const filed: PlanEvent = { type: 'PlanFiled', data: { planId, departmentId, year: 2026, version: 1, content: content() } };
const published = (version: number, publishedOn = '2026-03-20'): PlanEvent => ({
  type: 'PlanPublished',
  data: { planId, departmentId, year: 2026, version, publishedOn },
});
const adjustedContent = content([planItem('g1', { ratio: 3 }), planItem('g2'), planItem('k1', { ratio: 40 })]);
const adjusted: PlanEvent = { type: 'PlanAdjusted', data: { planId, departmentId, version: 2, reason: '上级统一抽查任务调整', content: adjustedContent } };

describe('annual plan', () => {
  describe('when filing (000 §16, 002 §13–14)', () => {
    it('files version 1 covering every checklist item', () => spec().when(file()).then([filed]));

    it('refuses a plan that omits checklist items, naming them (002 §13: 涵盖《清单》全部事项)', () =>
      spec()
        .when(file(content([planItem('g1')])))
        .thenThrows(ValidationError, /missing: g2 \(定量包装商品净含量抽查\), k1 \(特种设备生产单位监督抽查\)/, 'items'));

    it('refuses a general item above its cap, naming the item (DOMAIN.md 一单两库)', () =>
      spec()
        .when(file(content([planItem('g1', { ratio: 8 }), planItem('g2'), planItem('k1')])))
        .thenThrows(ValidationError, /item g1 \(产品质量监督抽查\) is a general item capped at 5%; the ratio 8%/, 'items.0.ratio'));

    it('refuses a risk-adjusted ratio above the cap of a general item', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2', { riskRatios: [{ grade: 'D', ratio: 12 }] }), planItem('k1')])))
        .thenThrows(ValidationError, /item g2 .* capped at 10%; the ratio 12% for grade D/, 'items.1.riskRatios'));

    it('lets a key item go above any ratio (key items have no upper limit)', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2'), planItem('k1', { ratio: 100, riskRatios: [{ grade: 'D', ratio: 100 }] })])))
        .then([
          {
            type: 'PlanFiled',
            data: {
              planId,
              departmentId,
              year: 2026,
              version: 1,
              content: content([planItem('g1'), planItem('g2'), planItem('k1', { ratio: 100, riskRatios: [{ grade: 'D', ratio: 100 }] })]),
            },
          },
        ]));

    it.each([0, -1, 100.5])('refuses a ratio of %p percent, even for a key item (a ratio is a share of the targets)', (ratio) =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2'), planItem('k1', { ratio })])))
        .thenThrows(ValidationError, /ratio of item k1 .* above 0 and at most 100/, 'items.2.ratio'),
    );

    it.each([-1, 101])('refuses a risk-adjusted ratio of %p percent (002 §15)', (ratio) =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2'), planItem('k1', { ratio: 40, riskRatios: [{ grade: 'D', ratio }] })])))
        .thenThrows(ValidationError, /risk ratios of item k1 .* from 0 to 100/, 'items.2.riskRatios'),
    );

    it('refuses a checklist version that is not published', () =>
      spec()
        .when(file(content(), null))
        .thenThrows(ValidationError, /checklist version 1 .* not published/, 'checklistVersion'));

    it('refuses an item that is not on the cited checklist version', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2'), planItem('k1'), planItem('x9')])))
        .thenThrows(ValidationError, /x9 is not on checklist version 1/, 'items.3.itemId'));

    it('refuses an item citing another checklist version than the plan', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2', { checklistVersion: 2 }), planItem('k1')])))
        .thenThrows(ValidationError, /cites checklist version 2, but the plan is based on version 1/, 'items.1.checklistVersion'));

    it('refuses an item covered twice', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g1'), planItem('g2'), planItem('k1')])))
        .thenThrows(ValidationError, /covered twice/, 'items.1.itemId'));

    it('refuses a window outside the plan year', () =>
      spec()
        .when(file(content([planItem('g1', { windows: [{ from: '2026-11-01', to: '2027-01-15' }] }), planItem('g2'), planItem('k1')])))
        .thenThrows(ValidationError, /outside the plan year 2026/, 'items.0.windows.0'));

    it('refuses a window that ends before it starts', () =>
      spec()
        .when(file(content([planItem('g1'), planItem('g2', { windows: [{ from: '2026-06-01', to: '2026-05-01' }] }), planItem('k1')])))
        .thenThrows(ValidationError, /ends before it starts/, 'items.1.windows.0'));

    it('refuses an item without a time window', () =>
      spec()
        .when(file(content([planItem('g1', { windows: [] }), planItem('g2'), planItem('k1')])))
        .thenThrows(ValidationError, /at least one time window/, 'items.0.windows'));

    it('refuses a higher-risk grade drawn less than a lower-risk one (002 §15)', () =>
      spec()
        .when(
          file(
            content([
              planItem('g1', {
                riskRatios: [
                  { grade: 'A', ratio: 4 },
                  { grade: 'C', ratio: 2 },
                ],
              }),
              planItem('g2'),
              planItem('k1'),
            ]),
          ),
        )
        .thenThrows(ValidationError, /grade C \(2%\) less than the lower-risk grade A \(4%\)/, 'items.0.riskRatios'));

    it('refuses a grade given two ratios', () =>
      spec()
        .when(
          file(
            content([
              planItem('g1', {
                riskRatios: [
                  { grade: 'B', ratio: 1 },
                  { grade: 'B', ratio: 2 },
                ],
              }),
              planItem('g2'),
              planItem('k1'),
            ]),
          ),
        )
        .thenThrows(ValidationError, /two ratios/, 'items.0.riskRatios'));

    it('refuses trustworthy targets drawn at the full ratio or more (000 §16: skipped or drawn less)', () =>
      spec()
        .when(file(content([planItem('g1', { trustworthyRatio: 5 }), planItem('g2'), planItem('k1')])))
        .thenThrows(ValidationError, /below its ratio of 5%/, 'items.0.trustworthyRatio'));

    it('lets trustworthy targets be skipped with a ratio of 0', () =>
      spec()
        .when(file(content([planItem('g1', { trustworthyRatio: 0 }), planItem('g2'), planItem('k1')])))
        .then([
          {
            type: 'PlanFiled',
            data: { planId, departmentId, year: 2026, version: 1, content: content([planItem('g1', { trustworthyRatio: 0 }), planItem('g2'), planItem('k1')]) },
          },
        ]));

    it('refuses a percentage split that does not add up to 100 (002 §14)', () =>
      spec()
        .when(file(content(undefined, { split: { unit: 'percent', provincial: 20, municipal: 20, county: 0, own: 50 } })))
        .thenThrows(ValidationError, /add up to 90, not 100/, 'split'));

    it('refuses a negative share of the split (002 §14)', () =>
      spec()
        .when(file(content(undefined, { split: { unit: 'percent', provincial: -10, municipal: 40, county: 0, own: 70 } })))
        .thenThrows(ValidationError, /cannot be negative/, 'split'));

    it('refuses a split by counts that assigns no draws (002 §14)', () =>
      spec()
        .when(file(content(undefined, { split: { unit: 'count', provincial: 0, municipal: 0, county: 0, own: 0 } })))
        .thenThrows(ValidationError, /assigns no draws/, 'split'));

    it('accepts a split by counts', () => {
      const byCount = content(undefined, { split: { unit: 'count', provincial: 10, municipal: 5, county: 0, own: 15 } });
      spec()
        .when(file(byCount))
        .then([{ type: 'PlanFiled', data: { planId, departmentId, year: 2026, version: 1, content: byCount } }]);
    });

    it('refuses a split by counts in fractions', () =>
      spec()
        .when(file(content(undefined, { split: { unit: 'count', provincial: 1.5, municipal: 0, county: 0, own: 3 } })))
        .thenThrows(ValidationError, /whole numbers/, 'split'));

    it('refuses to file the same plan twice', () =>
      spec([filed])
        .when(file())
        .thenThrows(IllegalStateError, /already filed/, 'planId'));
  });

  describe('when publishing (004 §4(4): an unpublished plan may not be executed)', () => {
    it('publishes version 1 and makes the plan executable', () => {
      spec([filed])
        .when({ type: 'PublishPlan', publishedOn: '2026-03-20' })
        .then([published(1)]);
      const state = fold(planDecider, [filed, published(1)]);
      expect(state.status === 'filed' && state.isExecutable).toBe(true);
    });

    it('keeps a filed plan not executable before publication', () => {
      const state = fold(planDecider, [filed]);
      expect(state.status === 'filed' && state.isExecutable).toBe(false);
    });

    it('refuses a plan that was never filed', () =>
      spec()
        .when({ type: 'PublishPlan', publishedOn: '2026-03-20' })
        .thenThrows(NotFoundError, /not filed/));

    it('refuses to publish the same version twice', () =>
      spec([filed, published(1)])
        .when({ type: 'PublishPlan', publishedOn: '2026-03-21' })
        .thenThrows(IllegalStateError, /version 1 .* already published/));

    it('refuses an adjustment dated before the previous publication', () =>
      spec([filed, published(1, '2026-03-20'), adjusted])
        .when({ type: 'PublishPlan', publishedOn: '2026-03-01' })
        .thenThrows(ValidationError, /before version 1/, 'publishedOn'));
  });

  describe('when adjusting (002 §12: adjusted as needed, filed and published again)', () => {
    it('records version 2 with its reason; the plan is not executable until it is published', () => {
      spec([filed, published(1)])
        .when({ type: 'AdjustPlan', reason: '上级统一抽查任务调整', content: adjustedContent, checklist: checklistV1 })
        .then([adjusted]);
      const pending = fold(planDecider, [filed, published(1), adjusted]);
      expect(pending.status === 'filed' && pending.isExecutable).toBe(false);
      const republished = fold(planDecider, [filed, published(1), adjusted, published(2, '2026-06-01')]);
      expect(republished.status === 'filed' && republished.isExecutable).toBe(true);
      expect(republished.status === 'filed' && republished.versions[0].content.items[0].ratio).toBe(5);
    });

    it('moves the plan to a new checklist version', () => {
      const checklistV2: CitedChecklist = { version: 2, items: [...checklistV1.items, listed('g3', '能效标识计量专项监督检查', 5)] };
      const onV2 = content(
        ['g1', 'g2', 'k1', 'g3'].map((id) => planItem(id, { checklistVersion: 2 })),
        { checklistVersion: 2 },
      );
      spec([filed, published(1)])
        .when({ type: 'AdjustPlan', reason: '清单第2版新增事项', content: onV2, checklist: checklistV2 })
        .then([{ type: 'PlanAdjusted', data: { planId, departmentId, version: 2, reason: '清单第2版新增事项', content: onV2 } }]);
    });

    it('applies every filing rule to the adjustment too', () =>
      spec([filed, published(1)])
        .when({ type: 'AdjustPlan', reason: '调整', content: content([planItem('g1'), planItem('k1')]), checklist: checklistV1 })
        .thenThrows(ValidationError, /missing: g2/, 'items'));

    it('refuses an adjustment without a reason', () =>
      spec([filed, published(1)])
        .when({ type: 'AdjustPlan', reason: ' ', content: adjustedContent, checklist: checklistV1 })
        .thenThrows(ValidationError, /reason/, 'reason'));

    it('refuses an adjustment that changes nothing', () =>
      spec([filed, published(1)])
        .when({ type: 'AdjustPlan', reason: '无', content: content(), checklist: checklistV1 })
        .thenThrows(ValidationError, /changes nothing/));

    it('refuses to adjust a plan that was never filed', () =>
      spec()
        .when({ type: 'AdjustPlan', reason: 'x', content: content(), checklist: checklistV1 })
        .thenThrows(NotFoundError, /not filed/));
  });

  describe('when filing with the superior (备案, 002 §12; 000 §15: Hunan by the end of March)', () => {
    const filing = { type: 'FilePlanWithSuperior', superiorId: 'yongzhou', deadline: '2026-03-31' } as const;

    it('records a filing on time', () =>
      spec([filed, published(1)])
        .when({ ...filing, filedOn: '2026-03-31' })
        .then([
          {
            type: 'PlanFiledWithSuperior',
            data: { planId, departmentId, version: 1, superiorId: 'yongzhou', filedOn: '2026-03-31', deadline: '2026-03-31', onTime: true },
          },
        ]));

    it('records a late filing as late', () =>
      spec([filed, published(1)])
        .when({ ...filing, filedOn: '2026-04-01' })
        .then([
          {
            type: 'PlanFiledWithSuperior',
            data: { planId, departmentId, version: 1, superiorId: 'yongzhou', filedOn: '2026-04-01', deadline: '2026-03-31', onTime: false },
          },
        ]));

    it('files an adjustment as its own version', () =>
      spec([
        filed,
        published(1),
        {
          type: 'PlanFiledWithSuperior',
          data: { planId, departmentId, version: 1, superiorId: 'yongzhou', filedOn: '2026-03-25', deadline: '2026-03-31', onTime: true },
        },
        adjusted,
      ])
        .when({ ...filing, filedOn: '2026-06-02' })
        .then([
          {
            type: 'PlanFiledWithSuperior',
            data: { planId, departmentId, version: 2, superiorId: 'yongzhou', filedOn: '2026-06-02', deadline: '2026-03-31', onTime: false },
          },
        ]));

    it('refuses to file the same version twice', () =>
      spec([
        filed,
        {
          type: 'PlanFiledWithSuperior',
          data: { planId, departmentId, version: 1, superiorId: 'yongzhou', filedOn: '2026-03-25', deadline: '2026-03-31', onTime: true },
        },
      ])
        .when({ ...filing, filedOn: '2026-03-26' })
        .thenThrows(IllegalStateError, /already filed with the superior/));

    it('refuses a department without a superior', () =>
      spec([filed])
        .when({ ...filing, superiorId: null, filedOn: '2026-03-26' })
        .thenThrows(ValidationError, /no superior/));

    it('refuses a plan that was never filed', () =>
      spec()
        .when({ ...filing, filedOn: '2026-03-26' })
        .thenThrows(NotFoundError, /not filed/));
  });
});
