import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '@app/read-store';
import { writesForBatch } from '@app/read-store/projection/batch';
import type { ChecklistItem } from '@app/domain';
import { checklistDraftHash } from '@app/domain';
import { CHECKLISTS, CHECKLIST_DRAFTS, CHECKLIST_VERSIONS, checklistVersionId, checklistsProjection } from './checklists.projection';
import { recordedEvent } from '../testing';

let position = 0;
const recorded = (type: string, data: unknown, recordedAt = '2026-01-10T02:00:00.000Z') =>
  recordedEvent({ type, data, recordedAt, position: ++position, stream: 'checklist-lingling' });

const item = (itemId: string, ratioCap: number | null = 5): ChecklistItem => ({
  itemId,
  name: `事项${itemId}`,
  content: '内容',
  legalBasis: '《中华人民共和国产品质量法》',
  inspectingBody: '零陵区市场监督管理局',
  targetType: '生产企业',
  methods: ['on-site'],
  qualifications: [],
  category: ratioCap === null ? 'key' : 'general',
  ratioCap,
});

async function project(events: RecordedEvent[]) {
  const store = new MemoryReadStore();
  await store.commit(await writesForBatch(events, [checklistsProjection], store), { name: 't', expected: null, next: '1/1' });
  return store;
}

describe('checklists projection', () => {
  const departmentId = 'lingling';
  const v1 = [
    recorded('ChecklistItemDrafted', { departmentId, item: item('a') }),
    recorded('ChecklistItemDrafted', { departmentId, item: item('b', null) }),
    recorded('ChecklistVersionPublished', { departmentId, version: 1, publishedOn: '2026-01-10', reason: null, items: [item('a'), item('b', null)] }),
  ];

  it('keeps each published version frozen and lists the versions with their item counts', async () => {
    const store = await project([
      ...v1,
      recorded('ChecklistItemWithdrawn', { departmentId, itemId: 'b', reason: '法规废止' }, '2026-05-01T02:00:00.000Z'),
      recorded(
        'ChecklistVersionPublished',
        { departmentId, version: 2, publishedOn: '2026-05-02', reason: '法规废止', items: [item('a')] },
        '2026-05-02T02:00:00.000Z',
      ),
    ]);
    expect(await store.getDocument(CHECKLIST_VERSIONS, checklistVersionId(departmentId, 1))).toEqual({
      departmentId,
      version: 1,
      publishedOn: '2026-01-10',
      reason: null,
      items: [item('a'), item('b', null)],
    });
    expect(await store.getDocument(CHECKLISTS, departmentId)).toEqual({
      departmentId,
      currentVersion: 2,
      versions: [
        { version: 1, publishedOn: '2026-01-10', reason: null, itemCount: 2 },
        { version: 2, publishedOn: '2026-05-02', reason: '法规废止', itemCount: 1 },
      ],
    });
    expect(await store.getDocument(CHECKLIST_DRAFTS, departmentId)).toEqual({
      departmentId,
      basedOnVersion: 2,
      edited: false,
      items: [item('a')],
      updatedAt: '2026-05-02T02:00:00.000Z',
      latestReview: null,
      approvedForPublication: false,
    });
  });

  it('shows staff the draft with edits since the last version, which the public summary does not show', async () => {
    const store = await project([...v1, recorded('ChecklistItemRevised', { departmentId, item: item('a', 3) }, '2026-02-01T02:00:00.000Z')]);
    expect(await store.getDocument(CHECKLIST_DRAFTS, departmentId)).toEqual({
      departmentId,
      basedOnVersion: 1,
      edited: true,
      items: [item('a', 3), item('b', null)],
      updatedAt: '2026-02-01T02:00:00.000Z',
      latestReview: null,
      approvedForPublication: false,
    });
    expect(await store.getDocument(CHECKLIST_VERSIONS, checklistVersionId(departmentId, 1))).toMatchObject({ items: [item('a'), item('b', null)] });
  });

  it('has no public checklist before the first publication', async () => {
    const store = await project([recorded('ChecklistItemDrafted', { departmentId, item: item('a') })]);
    expect(await store.getDocument(CHECKLISTS, departmentId)).toBeNull();
    expect(await store.getDocument(CHECKLIST_DRAFTS, departmentId)).toMatchObject({ basedOnVersion: null, edited: true, items: [item('a')] });
  });

  it("shows staff whether the justice bureau's latest review approved the draft as it now stands (004 §4(3))", async () => {
    const drafted = recorded('ChecklistItemDrafted', { departmentId, item: item('a') });
    const review = {
      departmentId,
      reviewNumber: 1,
      draftHash: checklistDraftHash([item('a')]),
      itemIds: ['a'],
      outcome: 'approved',
      reasons: [],
      reviewedBy: 'sfj-wang',
      reviewingUnit: 'yongzhou',
      reviewedOn: '2026-01-08',
    };
    const approved = await project([drafted, recorded('ChecklistDraftReviewed', review, '2026-01-08T02:00:00.000Z')]);
    const latestReview = { reviewNumber: 1, outcome: 'approved', reasons: [], reviewedOn: '2026-01-08', reviewingUnit: 'yongzhou', draftHash: review.draftHash };
    expect(await approved.getDocument(CHECKLIST_DRAFTS, departmentId)).toMatchObject({ latestReview, approvedForPublication: true });
    const changed = await project([drafted, recorded('ChecklistDraftReviewed', review), recorded('ChecklistItemRevised', { departmentId, item: item('a', 3) })]);
    expect(await changed.getDocument(CHECKLIST_DRAFTS, departmentId)).toMatchObject({ latestReview, approvedForPublication: false });
  });
});
