/**
 * The question a freeze asks of the eligibility rules, by the version of the rules it recorded:
 * the same task and date must ask the same question whenever the freeze is recomputed.
 */
import { TaskSetUp } from '../task/task.events';
import { ELIGIBILITY_RULES, ELIGIBILITY_RULES_V1, ELIGIBILITY_RULES_V2, ELIGIBILITY_RULES_V3, eligibilityRulesOf, poolRequestFor } from './pool-request';

type Item = TaskSetUp['data']['items'][number];
const item = (itemId: string, category: Item['category']): Item => ({ itemId, checklistVersion: 1, category });
const task = (items: Item[], specialCampaign = false): TaskSetUp['data'] => ({
  taskId: 't1',
  departmentId: 'yongzhou',
  planId: 'p',
  planVersion: 1,
  year: 2026,
  title: '任务',
  businessUnitId: 'unit-a',
  executingDepartmentIds: ['lingling', 'qiyang'],
  jointDepartmentIds: ['qiyang', 'yongzhou-env'],
  items,
  window: { from: '2026-03-01', to: '2026-11-30' },
  classes: [],
  specialCampaign,
  setUpOn: '2026-02-01',
});

describe('the versions of the eligibility rules', () => {
  it('are named dsr-eligibility-1 to -4, the latest in force', () => {
    expect([ELIGIBILITY_RULES_V1, ELIGIBILITY_RULES_V2, ELIGIBILITY_RULES_V3, ELIGIBILITY_RULES]).toEqual([
      'dsr-eligibility-1',
      'dsr-eligibility-2',
      'dsr-eligibility-3',
      'dsr-eligibility-4',
    ]);
  });

  it('are read from a freeze as recorded, and as version 1 where none or an unknown one is recorded', () => {
    expect(eligibilityRulesOf({ eligibilityRules: 'dsr-eligibility-4' })).toBe('dsr-eligibility-4');
    expect(eligibilityRulesOf({ eligibilityRules: 'dsr-eligibility-3' })).toBe('dsr-eligibility-3');
    expect(eligibilityRulesOf({ eligibilityRules: 'dsr-eligibility-2' })).toBe('dsr-eligibility-2');
    expect(eligibilityRulesOf({ eligibilityRules: 'dsr-eligibility-1' })).toBe('dsr-eligibility-1');
    expect(eligibilityRulesOf({})).toBe('dsr-eligibility-1');
    expect(eligibilityRulesOf({ eligibilityRules: 'dsr-eligibility-9' })).toBe('dsr-eligibility-1');
  });
});

describe('the pool request of a task', () => {
  it('asks for the candidates of every executing and joint department once, on the freeze date, under the latest rules', () => {
    expect(poolRequestFor(task([item('i1', 'general')]), '2026-04-01')).toEqual({
      taskId: 't1',
      departmentId: 'yongzhou',
      businessUnitId: 'unit-a',
      year: 2026,
      onDate: '2026-04-01',
      candidateDepartmentIds: ['lingling', 'qiyang', 'yongzhou-env'],
      classes: [],
      exemptTask: false,
      rules: 'dsr-eligibility-4',
    });
  });

  it('exempts a task of key items alone, or a special campaign, from the limits', () => {
    expect(poolRequestFor(task([item('i1', 'key'), item('i2', 'key')]), '2026-04-01').exemptTask).toBe(true);
    expect(poolRequestFor(task([item('i1', 'general')], true), '2026-04-01').exemptTask).toBe(true);
  });

  it('holds a task of general and key items to the limits since version 2', () => {
    const mixed = task([item('i1', 'general'), item('i2', 'key')]);
    expect(poolRequestFor(mixed, '2026-04-01', ELIGIBILITY_RULES_V2).exemptTask).toBe(false);
    expect(poolRequestFor(mixed, '2026-04-01').exemptTask).toBe(false);
  });

  it('exempted it under version 1, where any key item exempted the whole task, but not a task of general items', () => {
    expect(poolRequestFor(task([item('i1', 'general'), item('i2', 'key')]), '2026-04-01', ELIGIBILITY_RULES_V1).exemptTask).toBe(true);
    expect(poolRequestFor(task([item('i1', 'general')]), '2026-04-01', ELIGIBILITY_RULES_V1).exemptTask).toBe(false);
    expect(poolRequestFor(task([item('i1', 'general')], true), '2026-04-01', ELIGIBILITY_RULES_V1).exemptTask).toBe(true);
  });
});
