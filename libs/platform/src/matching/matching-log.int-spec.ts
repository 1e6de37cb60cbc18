/**
 * The registry a matching rests on is folded from a filtered subscription up to a recorded log
 * position. On EventStoreDB a checkpoint may name the position of the next event it reads, so a
 * checkpoint *at* that position does not mean the event there has been delivered.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { useEsdbTestNode } from '../../../../test/support/esdb-node';
import { loadCandidateRegistry } from './matching-log';

describe('the candidate registry folded up to a position, on EventStoreDB', () => {
  const node = useEsdbTestNode();

  it('includes the event at that position when the node’s checkpoint names it before delivering it', async () => {
    // the node's two system events and 30 others: the 32nd scanned event brings a checkpoint naming the next, the department's
    await node.store.append('target-noise', proposed('TargetRegistered', { targetId: 'noise' }, undefined, 30), 'no-stream');
    const { position } = await node.store.append(
      'department-d1',
      proposed('DepartmentRegistered', { departmentId: 'd1', parentId: null, name: '一局' }),
      'no-stream',
    );
    const registry = await loadCandidateRegistry(node.store, position);
    expect([...registry.departments.keys()]).toEqual(['d1']);
  });
});
