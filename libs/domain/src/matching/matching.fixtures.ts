/**
 * Small builders for the matching specs: registry events of a county with its subordinate and a
 * neighbour, a published checklist, and a task locked on four targets.
 */
import { ChecklistItem } from '../checklist/checklist.events';
import { TaskSetUp } from '../task/task.events';
import { CandidateRegistry, MatchingPoolRequest, applyCandidateEvent, emptyCandidateRegistry } from './candidates';

export const TARGETS = ['t-01', 't-02', 't-03', 't-04'];

export const inspector = (
  inspectorId: string,
  departmentId: string,
  extra: { validUntil?: string; specialties?: string[]; qualifications?: { name: string; validUntil: string | null }[] } = {},
) => ({
  type: 'InspectorRegistered',
  data: {
    inspectorId,
    departmentId,
    name: inspectorId,
    gender: 'female',
    certificate: { number: `C-${inspectorId}`, validFrom: '2020-01-01', validUntil: extra.validUntil ?? '2099-12-31' },
    post: '执法员',
    postCategory: '行政执法',
    specialties: extra.specialties ?? ['食品安全'],
    qualifications: (extra.qualifications ?? []).map((q, i) => ({ ...q, number: `Q-${i}` })),
    qualificationClass: 'A',
    joinedOn: '2020-01-01',
  },
});

export const conflict = (personId: string, targetId: string, personKind: 'inspector' | 'expert' = 'inspector') => ({
  type: 'ConflictOfInterestDeclared',
  data: { personKind, personId, targetId, reason: '配偶为该企业股东', declaredOn: '2026-01-20' },
});

export const expert = (expertId: string, departmentId: string, fields: string[]) => ({
  type: 'ExpertJoinedPool',
  data: {
    expertId,
    departmentId,
    joinedOn: '2025-01-10',
    name: expertId,
    fields,
    organisation: '检验院',
    organisationKind: 'testing-body',
    title: '高级工程师',
    contact: { phone: null, email: null },
  },
});

export const item = (itemId: string, qualifications: string[], methods: ChecklistItem['methods'] = ['on-site']): ChecklistItem => ({
  itemId,
  name: itemId,
  content: '检查内容',
  legalBasis: '《食品安全法》',
  inspectingBody: '市场监管局',
  targetType: 'enterprise',
  methods,
  qualifications,
  category: 'general',
  ratioCap: 5,
});

export const departments = [
  { type: 'DepartmentRegistered', data: { departmentId: 'yongzhou', name: '永州', level: 'city', parentId: null, areaCode: '431100' } },
  { type: 'DepartmentRegistered', data: { departmentId: 'lingling', name: '零陵', level: 'county', parentId: 'yongzhou', areaCode: '431102' } },
  { type: 'DepartmentRegistered', data: { departmentId: 'qiyang', name: '祁阳', level: 'county', parentId: 'yongzhou', areaCode: '431121' } },
  { type: 'DepartmentRegistered', data: { departmentId: 'hengyang', name: '衡阳', level: 'city', parentId: null, areaCode: '430400' } },
];

export const checklist = (items: ChecklistItem[], departmentId = 'yongzhou') => ({
  type: 'ChecklistVersionPublished',
  data: { departmentId, version: 1, publishedOn: '2026-01-10', reason: null, items },
});

export function registryOf(events: readonly { type: string; data: unknown }[]): CandidateRegistry {
  const registry = emptyCandidateRegistry();
  for (const event of events) applyCandidateEvent(registry, event);
  return registry;
}

export const taskSetUp = (overrides: Partial<TaskSetUp['data']> = {}): TaskSetUp => ({
  type: 'TaskSetUp',
  data: {
    taskId: 'task-1',
    departmentId: 'yongzhou',
    planId: 'plan-1',
    planVersion: 1,
    year: 2026,
    title: '2026年食品生产企业双随机抽查',
    businessUnitId: null,
    executingDepartmentIds: ['yongzhou'],
    jointDepartmentIds: [],
    items: [{ itemId: 'food-1', checklistVersion: 1, category: 'general' }],
    window: { from: '2026-04-01', to: '2026-06-30' },
    classes: [],
    specialCampaign: false,
    setUpOn: '2026-03-01',
    ...overrides,
  },
});

export const request = (overrides: Partial<MatchingPoolRequest> = {}): MatchingPoolRequest => ({
  departmentId: 'yongzhou',
  includeSubordinates: false,
  neighbouringDepartmentIds: [],
  checklistDepartmentId: 'yongzhou',
  items: [{ itemId: 'food-1', checklistVersion: 1, category: 'general' }],
  drawableOn: '2026-04-01',
  targetIds: TARGETS,
  experts: { requested: false, field: null, appointedTargets: [] },
  ...overrides,
});
