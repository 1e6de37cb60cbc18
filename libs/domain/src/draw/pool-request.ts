import { TaskSetUp } from '../task/task.events';
import { PoolRequest } from './eligibility';

/**
 * What a task asks of the eligibility rules, derived only from the task as set up and the freeze
 * date, so the freeze and any later verification ask exactly the same question.
 */
export function poolRequestFor(task: TaskSetUp['data'], frozenOn: string): PoolRequest {
  return {
    taskId: task.taskId,
    departmentId: task.departmentId,
    businessUnitId: task.businessUnitId,
    year: task.year,
    onDate: frozenOn,
    candidateDepartmentIds: [...new Set([...task.executingDepartmentIds, ...task.jointDepartmentIds])],
    classes: task.classes,
    // 000 §19: key items and special campaigns are not held to the limits
    exemptTask: task.specialCampaign || task.items.some((item) => item.category === 'key'),
  };
}
