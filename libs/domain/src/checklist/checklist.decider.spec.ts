import { specFor } from '../shared/testing';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { fold } from '../shared/decider';
import { CHECKLIST_RULES, checklistDecider, checklistDraftHash, checklistRulesOf, checklistVersion, currentChecklistVersion } from './checklist.decider';
import { ChecklistEvent, ChecklistItem } from './checklist.events';

const spec = specFor(checklistDecider);
const departmentId = 'lingling';

const item = (itemId: string, overrides: Partial<ChecklistItem> = {}): ChecklistItem => ({
  itemId,
  name: '产品质量监督抽查（生产许可证发证企业）',
  content: '对生产许可证发证企业的产品质量实施监督抽查',
  legalBasis: '《中华人民共和国产品质量法》《产品质量监督抽查管理办法》（质检总局令第133号）',
  inspectingBody: '零陵区市场监督管理局',
  targetType: '生产许可证发证企业',
  methods: ['on-site', 'sampling-testing'],
  qualifications: ['行政执法证'],
  category: 'general',
  ratioCap: 5,
  ...overrides,
});

const drafted = (i: ChecklistItem): ChecklistEvent => ({ type: 'ChecklistItemDrafted', data: { departmentId, item: i } });
/** The justice bureau's review of a draft holding `items` (004 §4(3)). */
const reviewed = (reviewNumber: number, items: ChecklistItem[], outcome: 'approved' | 'returned' = 'approved', reviewedOn = '2026-01-08', reasons: string[] = []): ChecklistEvent => ({
  type: 'ChecklistDraftReviewed',
  data: {
    departmentId,
    reviewNumber,
    draftHash: checklistDraftHash(items),
    itemIds: items.map((i) => i.itemId).sort(),
    outcome,
    reasons,
    reviewedBy: 'sfj-wang',
    reviewingUnit: 'yongzhou',
    reviewedOn,
  },
});
/** A version as published under the current rules, after review `reviewNumber` approved its items on 2026-01-08 (or `reviewedOn`). */
const published = (version: number, items: ChecklistItem[], reason: string | null = null, publishedOn = '2026-01-10', reviewNumber = version, reviewedOn = '2026-01-08'): ChecklistEvent => ({
  type: 'ChecklistVersionPublished',
  data: {
    departmentId,
    version,
    publishedOn,
    reason,
    items,
    checklistRules: CHECKLIST_RULES,
    review: { reviewNumber, reviewedOn, reviewingUnit: 'yongzhou', draftHash: checklistDraftHash(items) },
  },
});
const versionOneItems = [item('p1'), item('k1', { category: 'key', ratioCap: null })];
const versionOne = [
  drafted(item('p1')),
  drafted(item('k1', { category: 'key', ratioCap: null })),
  reviewed(1, [item('p1'), item('k1', { category: 'key', ratioCap: null })]),
  published(1, [item('p1'), item('k1', { category: 'key', ratioCap: null })]),
];

describe('checklist (随机抽查事项清单, 000 §10–11, 002 §8–9)', () => {
  describe('when drafting an item (000 §10: name, content, basis, inspector qualifications)', () => {
    it('adds a general item with its ratio cap to the draft', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1') })
        .then([drafted(item('p1'))]));

    it('adds a key item without a cap (DOMAIN.md 一单两库: key items have no upper limit)', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('k1', { category: 'key', ratioCap: null }) })
        .then([drafted(item('k1', { category: 'key', ratioCap: null }))]));

    it('refuses a cap on a key item', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('k1', { category: 'key', ratioCap: 10 }) })
        .thenThrows(ValidationError, /key item has no upper limit/, 'ratioCap'));

    it('refuses a general item without a cap (general items have a strictly capped ratio)', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { ratioCap: null }) })
        .thenThrows(ValidationError, /general item needs the upper limit/, 'ratioCap'));

    it.each([0, -1, 100.5])('refuses a cap of %p percent', (ratioCap) =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { ratioCap }) })
        .thenThrows(ValidationError, /above 0 and at most 100/, 'ratioCap'),
    );

    it('accepts a cap of exactly 100 percent', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { ratioCap: 100 }) })
        .then([drafted(item('p1', { ratioCap: 100 }))]));

    it('refuses an item without an inspection method', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { methods: [] }) })
        .thenThrows(ValidationError, /at least one inspection method/, 'methods'));

    it('refuses a method listed twice', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { methods: ['written', 'written'] }) })
        .thenThrows(ValidationError, /listed twice/, 'methods'));

    it('refuses a qualification listed twice', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { qualifications: ['行政执法证', '行政执法证'] }) })
        .thenThrows(ValidationError, /listed twice/, 'qualifications'));

    it('refuses an item without its legal basis (000 §10: 依据)', () =>
      spec()
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { legalBasis: '  ' }) })
        .thenThrows(ValidationError, /legalBasis must not be empty/, 'legalBasis'));

    it('refuses an item id already in the draft', () =>
      spec([drafted(item('p1'))])
        .when({ type: 'DraftChecklistItem', departmentId, item: item('p1', { name: '另一事项' }) })
        .thenThrows(IllegalStateError, /already in the draft/, 'itemId'));
  });

  describe('when revising a draft item (000 §10: the list is adjusted as laws change)', () => {
    it('records the whole revised item', () =>
      spec([drafted(item('p1'))])
        .when({ type: 'ReviseChecklistItem', departmentId, item: item('p1', { ratioCap: 3 }) })
        .then([{ type: 'ChecklistItemRevised', data: { departmentId, item: item('p1', { ratioCap: 3 }) } }]));

    it('revises an item carried over from a published version', () =>
      spec(versionOne)
        .when({ type: 'ReviseChecklistItem', departmentId, item: item('p1', { legalBasis: '《中华人民共和国产品质量法》（2018年修正）' }) })
        .then([{ type: 'ChecklistItemRevised', data: { departmentId, item: item('p1', { legalBasis: '《中华人民共和国产品质量法》（2018年修正）' }) } }]));

    it('refuses an item that is not in the draft', () =>
      spec()
        .when({ type: 'ReviseChecklistItem', departmentId, item: item('p1') })
        .thenThrows(NotFoundError, /not in the draft/, 'itemId'));

    it('refuses a revision that changes nothing', () =>
      spec([drafted(item('p1'))])
        .when({ type: 'ReviseChecklistItem', departmentId, item: item('p1') })
        .thenThrows(ValidationError, /changes nothing/));

    it('applies the item rules to the revision too', () =>
      spec([drafted(item('p1'))])
        .when({ type: 'ReviseChecklistItem', departmentId, item: item('p1', { category: 'key' }) })
        .thenThrows(ValidationError, /key item/, 'ratioCap'));
  });

  describe('when withdrawing an item (000 §10: adjusted as laws change; old versions stay readable)', () => {
    it('withdraws a draft item with its reason', () =>
      spec([drafted(item('p1'))])
        .when({ type: 'WithdrawChecklistItem', departmentId, itemId: 'p1', reason: '法规废止' })
        .then([{ type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: 'p1', reason: '法规废止' } }]));

    it('withdraws a published item from the next version, leaving the published version as it was', () => {
      const given = [...versionOne, { type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: 'k1', reason: null } } as ChecklistEvent];
      const state = fold(checklistDecider, given);
      expect(state.draft.map((i) => i.itemId)).toEqual(['p1']);
      expect(checklistVersion(state, 1)?.items.map((i) => i.itemId)).toEqual(['p1', 'k1']);
    });

    it('refuses an item that is not in the draft', () =>
      spec(versionOne)
        .when({ type: 'WithdrawChecklistItem', departmentId, itemId: 'nope', reason: null })
        .thenThrows(NotFoundError, /not in the draft/, 'itemId'));
  });

  describe('when publishing (000 §10: published to the public; every adjustment published as a new version)', () => {
    it('publishes the draft as version 1, freezing its items', () =>
      spec([drafted(item('p1')), drafted(item('p2')), reviewed(1, [item('p1'), item('p2')])])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .then([published(1, [item('p1'), item('p2')])]));

    it('publishes an adjustment as version 2 with its reason; version 1 stays readable', () => {
      const adjusted = [item('p1', { ratioCap: 3 }), item('k1', { category: 'key', ratioCap: null })];
      const given = [...versionOne, { type: 'ChecklistItemRevised', data: { departmentId, item: item('p1', { ratioCap: 3 }) } } as ChecklistEvent, reviewed(2, adjusted, 'approved', '2026-05-20')];
      spec(given)
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-06-01', reason: '上级清单调整' })
        .then([published(2, adjusted, '上级清单调整', '2026-06-01', 2, '2026-05-20')]);
      const state = fold(checklistDecider, [...given, published(2, [item('p1', { ratioCap: 3 })], '上级清单调整', '2026-06-01')]);
      expect(currentChecklistVersion(state)?.version).toBe(2);
      expect(checklistVersion(state, 1)?.items[0].ratioCap).toBe(5);
      expect(checklistVersion(state, 3)).toBeNull();
    });

    it('refuses an empty checklist', () =>
      spec()
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .thenThrows(IllegalStateError, /empty checklist/));

    it('refuses to publish when every item was withdrawn', () =>
      spec([drafted(item('p1')), { type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: 'p1', reason: null } }])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .thenThrows(IllegalStateError, /empty checklist/));

    it('refuses to publish a draft unchanged since the last version', () =>
      spec(versionOne)
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-06-01', reason: '无' })
        .thenThrows(IllegalStateError, /not changed since version 1/));

    it('treats an item withdrawn and drafted again unchanged as no change', () =>
      spec([...versionOne, { type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: 'p1', reason: null } }, drafted(item('p1'))])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-06-01', reason: '无' })
        .thenThrows(IllegalStateError, /not changed/));

    it('refuses an adjustment without a reason', () =>
      spec([...versionOne, drafted(item('p3')), reviewed(2, [...versionOneItems, item('p3')], 'approved', '2026-05-20')])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-06-01', reason: ' ' })
        .thenThrows(ValidationError, /needs the reason/, 'reason'));

    it('refuses a version dated before the previous one', () =>
      spec([...versionOne, drafted(item('p3')), reviewed(2, [...versionOneItems, item('p3')], 'approved', '2025-12-20')])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2025-12-31', reason: '新增事项' })
        .thenThrows(ValidationError, /before version 1/, 'publishedOn'));
  });

  describe("when the justice bureau reviews the draft (004 §4(3): 经市司法局审定后公布)", () => {
    const draft = [drafted(item('p1')), drafted(item('p2'))];
    const review = (outcome: 'approved' | 'returned', reasons: string[] = [], reviewedOn = '2026-01-08') =>
      ({ type: 'ReviewChecklistDraft', departmentId, outcome, reasons, reviewedBy: 'sfj-wang', reviewingUnit: 'yongzhou', reviewedOn }) as const;

    it('004 §4(3): records an approval naming the draft it saw by its hash', () =>
      spec(draft).when(review('approved')).then([reviewed(1, [item('p1'), item('p2')])]));

    it('004 §4(3): records a draft returned with its reasons', () =>
      spec(draft)
        .when(review('returned', ['事项2缺少法律依据']))
        .then([reviewed(1, [item('p1'), item('p2')], 'returned', '2026-01-08', ['事项2缺少法律依据'])]));

    it('004 §4(3): refuses to return a draft without reasons', () => spec(draft).when(review('returned')).thenThrows(ValidationError, /reasons/, 'reasons'));

    it('004 §4(3): refuses to review an empty draft or one unchanged since the last version', () => {
      spec().when(review('approved')).thenThrows(IllegalStateError, /nothing to review/);
      spec(versionOne).when(review('approved')).thenThrows(IllegalStateError, /not changed since version 1/);
    });

    it('004 §4(3): refuses to approve the same draft twice', () =>
      spec([...draft, reviewed(1, [item('p1'), item('p2')])]).when(review('approved', [], '2026-01-09')).thenThrows(IllegalStateError, /already approved/, 'outcome'));

    it('004 §4(3): refuses to publish a draft the justice bureau has not reviewed, naming the review', () =>
      spec(draft)
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .thenThrows(IllegalStateError, /not been reviewed for legality/, 'review'));

    it('004 §4(3): refuses to publish a draft the justice bureau returned', () =>
      spec([...draft, reviewed(1, [item('p1'), item('p2')], 'returned', '2026-01-08', ['依据过期'])])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .thenThrows(IllegalStateError, /returned the draft/, 'review'));

    it('004 §4(3): refuses to publish a draft changed after its approval', () =>
      spec([...draft, reviewed(1, [item('p1'), item('p2')]), { type: 'ChecklistItemRevised', data: { departmentId, item: item('p2', { ratioCap: 8 }) } }])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .thenThrows(IllegalStateError, /changed after review 1/, 'review'));

    it('004 §4(3): publishes a draft returned, corrected and approved on a second review', () => {
      const corrected = [item('p1'), item('p2', { legalBasis: '《中华人民共和国产品质量法》' })];
      spec([
        ...draft,
        reviewed(1, [item('p1'), item('p2')], 'returned', '2026-01-05', ['依据过期']),
        { type: 'ChecklistItemRevised', data: { departmentId, item: corrected[1] } },
        reviewed(2, corrected, 'approved', '2026-01-08'),
      ])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .then([published(1, corrected, null, '2026-01-10', 2)]);
    });

    it('004 §4(3): a draft edited and edited back to what was approved is the approved draft', () =>
      spec([...draft, reviewed(1, [item('p1'), item('p2')]), { type: 'ChecklistItemWithdrawn', data: { departmentId, itemId: 'p1', reason: null } }, drafted(item('p1'))])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-10', reason: null })
        .then([published(1, [item('p2'), item('p1')])]));

    it('004 §4(3): refuses a publication dated before the approving review', () =>
      spec([...draft, reviewed(1, [item('p1'), item('p2')])])
        .when({ type: 'PublishChecklistVersion', departmentId, publishedOn: '2026-01-07', reason: null })
        .thenThrows(ValidationError, /before the approving review/, 'publishedOn'));

    it('reads a version recorded before reviews were required under dsr-checklist-1, and still folds it', () => {
      const historic: ChecklistEvent = { type: 'ChecklistVersionPublished', data: { departmentId, version: 1, publishedOn: '2025-01-10', reason: null, items: [item('p1')] } };
      expect(checklistRulesOf(historic.data)).toBe('dsr-checklist-1');
      expect(currentChecklistVersion(fold(checklistDecider, [drafted(item('p1')), historic]))?.version).toBe(1);
    });
  });
});
