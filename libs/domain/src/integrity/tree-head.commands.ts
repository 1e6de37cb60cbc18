import { TreeHeadData } from './tree-head.events';

/** Records a head the service has just signed over its in-memory tree. */
export interface RecordTreeHead {
  readonly type: 'RecordTreeHead';
  readonly head: TreeHeadData;
}

export type TreeHeadCommand = RecordTreeHead;
