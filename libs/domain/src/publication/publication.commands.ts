import { Actor } from '../shared/actor';
import { InspectionFacts } from './inspection-facts';
import { PublicItemResult } from './publication.events';

/** The task as its stream holds it: an outside fact the handler loads; null when not set up. */
export interface TaskFacts {
  readonly departmentId: string;
  /** null until every dispatched target's inspection has ended (TaskCompleted). */
  readonly completedOn: string | null;
  /** The checklist names of the task's items, by item id. */
  readonly itemNames: Readonly<Record<string, string>>;
}

/** The target's public identity (000 §13: name and credit code are public, the representative is not); null when not registered. */
export interface PublicTargetFacts {
  readonly name: string;
  readonly creditCode: string | null;
}

/** What a correction changes; everything not named stays as published. */
export interface ResultChanges {
  readonly itemResults?: readonly { readonly itemId: string; readonly result: PublicItemResult['result'] }[];
  readonly conclusion?: string;
  readonly handling?: string;
}

interface OnResult {
  readonly taskId: string;
  readonly targetId: string;
}

export interface PublishResult extends OnResult {
  readonly type: 'PublishResult';
  readonly publishedOn: string;
  readonly task: TaskFacts | null;
  readonly inspection: InspectionFacts;
  readonly target: PublicTargetFacts | null;
}

export interface ExemptPublication extends OnResult {
  readonly type: 'ExemptPublication';
  readonly reason: string;
  readonly legalBasis: string;
  readonly decidedOn: string;
  readonly inspection: InspectionFacts;
}

export interface CorrectResult extends OnResult {
  readonly type: 'CorrectResult';
  readonly reason: string;
  readonly changes: ResultChanges;
  readonly correctedOn: string;
  /** Who issues the command: only the unit's principal head may sign (002 §29). */
  readonly actor: Actor;
}

export interface ReceiveObjection extends OnResult {
  readonly type: 'ReceiveObjection';
  readonly receivedOn: string;
  readonly grounds: string;
  readonly objector: string;
  /** Today in China: a receipt is not dated in the future. */
  readonly today: string;
}

export interface ReviewObjection extends OnResult {
  readonly type: 'ReviewObjection';
  readonly objectionNumber: number;
  readonly upheld: boolean;
  readonly reasoning: string;
  /** Required when upheld (the result is corrected), refused when rejected. */
  readonly correction: ResultChanges | null;
  readonly reviewedOn: string;
  readonly actor: Actor;
}

export interface FeedBackObjectionReview extends OnResult {
  readonly type: 'FeedBackObjectionReview';
  readonly objectionNumber: number;
  readonly channel: 'direct' | 'post';
  readonly fedBackOn: string;
}

export interface ReceiveInspectorComment extends OnResult {
  readonly type: 'ReceiveInspectorComment';
  readonly receivedOn: string;
  readonly comment: string;
  /** The inspectors commented on; null: everyone recorded on site. */
  readonly inspectorIds: readonly string[] | null;
  readonly today: string;
  readonly inspection: InspectionFacts;
  /** 10 working days after the feedback was delivered (000 §24), counted by the handler; null when no feedback was delivered. */
  readonly commentDeadline: { readonly date: string; readonly provisional: boolean } | null;
}

export type ResultCommand =
  PublishResult | ExemptPublication | CorrectResult | ReceiveObjection | ReviewObjection | FeedBackObjectionReview | ReceiveInspectorComment;
