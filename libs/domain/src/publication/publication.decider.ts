/**
 * 一公开 — one target's result (stream `result-<taskId>-<targetId>`; DOMAIN.md, Inspection,
 * report, publication). A reported inspection's result is published once the task has
 * completed (002 §28.4) unless the law exempts it; once published it never changes: an error is
 * corrected only with the principal head's signature, as a correction published next to the
 * original, and an objection is reviewed and, if upheld, corrected the same way (002 §29). The
 * target may comment on its inspectors within 10 working days of the feedback; later comments
 * are kept and marked late (000 §24).
 */
import { Actor } from '../shared/actor';
import { Decider, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { InspectionFacts } from './inspection-facts';
import {
  CorrectResult,
  ExemptPublication,
  PublishResult,
  ReceiveInspectorComment,
  ReceiveObjection,
  ResultChanges,
  ResultCommand,
  ReviewObjection,
} from './publication.commands';
import { InspectorCommentReceived, PublicItemResult, PublicResult, ResultCorrected, ResultEvent } from './publication.events';

interface ObjectionState {
  readonly receivedOn: string;
  readonly review: { readonly reviewedOn: string; readonly upheld: boolean } | null;
  readonly fedBackOn: string | null;
}

export interface ResultState {
  /** The department that reported the inspection; null before the stream's first event. */
  readonly departmentId: string | null;
  readonly publication:
    | { readonly status: 'none' }
    | {
        readonly status: 'published';
        readonly departmentId: string;
        readonly publishedOn: string;
        /** The original as corrected by every correction so far. */
        readonly current: PublicResult;
        readonly corrections: number;
      }
    | { readonly status: 'exempted'; readonly decidedOn: string };
  /** objectionNumber n is at index n − 1. */
  readonly objections: readonly ObjectionState[];
}

const initialState: ResultState = { departmentId: null, publication: { status: 'none' }, objections: [] };

type Published = Extract<ResultState['publication'], { status: 'published' }>;

function decide(command: ResultCommand, state: ResultState): ResultEvent[] {
  switch (command.type) {
    case 'PublishResult':
      return [publish(command, state)];
    case 'ExemptPublication':
      return [exempt(command, state)];
    case 'CorrectResult': {
      const published = publishedOrThrow(state, 'corrected');
      assertPrincipalHead(command.actor, published);
      if (!command.reason.trim()) throw new ValidationError('a correction states its reason (002 §29)', 'reason');
      return [correction(command, command.changes, published, command.reason.trim(), null)];
    }
    case 'ReceiveObjection':
      return [receiveObjection(command, state)];
    case 'ReviewObjection':
      return review(command, state);
    case 'FeedBackObjectionReview': {
      const published = publishedOrThrow(state, 'objected to');
      const objection = objectionOrThrow(state, command.objectionNumber);
      if (!objection.review) {
        throw new IllegalStateError(
          `objection ${command.objectionNumber} has not been reviewed; the review is fed back once made (002 §29)`,
          'objectionNumber',
        );
      }
      if (objection.fedBackOn)
        throw new IllegalStateError(`the review of objection ${command.objectionNumber} was fed back on ${objection.fedBackOn}`, 'objectionNumber');
      return [
        {
          type: 'ObjectionReviewFedBack',
          data: {
            ...onResult(command, published),
            objectionNumber: command.objectionNumber,
            fedBackOn: command.fedBackOn,
            channel: command.channel,
          },
        },
      ];
    }
    case 'ReceiveInspectorComment':
      return [comment(command, state)];
    default:
      return assertNever(command);
  }
}

function onResult({ taskId, targetId }: { taskId: string; targetId: string }, published: Published) {
  return { taskId, targetId, departmentId: published.departmentId };
}

/** 002 §29: 一经公示不得擅自更改 — no second publication, no exemption of a published result. */
function assertNotYetDecided(state: ResultState): void {
  const { publication } = state;
  if (publication.status === 'published') {
    throw new IllegalStateError(
      `the result was published on ${publication.publishedOn} and may not be changed; an error is corrected with the principal head's signature (002 §29)`,
    );
  }
  if (publication.status === 'exempted') throw new IllegalStateError(`the result was exempted from publication on ${publication.decidedOn}`);
}

/** Only a reported inspection has a result (000 §21); an unreachable target was not inspected (002 §30). */
function reportOrThrow(inspection: InspectionFacts) {
  if (inspection.outcome === 'reported' && inspection.report) return inspection.report;
  const why: Record<Exclude<InspectionFacts['outcome'], 'reported'>, string> = {
    open: 'the inspection has not been reported',
    unreachable: 'the target was not inspected: it was found unreachable, deregistered or revoked (002 §30)',
    'handed-over': 'the inspection was handed over to the jurisdiction the target moved to and has not been reported (002 §30)',
  };
  throw new IllegalStateError(`${inspection.outcome === 'reported' ? why.open : why[inspection.outcome]}; there is no result to publish`);
}

/**
 * 002 §30: a target not inspected because it could not be reached at its registered address, or
 * was deregistered or revoked before the deadline, counts as inspected; its standard result is
 * published like any other, so its publication duty closes and the disclosure rate can reach 100 %.
 */
export const NOT_INSPECTED_CONCLUSIONS: Readonly<Record<NonNullable<InspectionFacts['unreachable']>['reason'], string>> = {
  'not-at-registered-address': '通过登记的住所（经营场所）无法联系',
  deregistered: '检查任务截止前已办理注销登记',
  revoked: '检查任务截止前已被吊销营业执照或撤销设立登记',
};
export const NOT_INSPECTED_HANDLING = '不再开展检查，视为完成抽查';

/** 002 §28.4: results are published after the task completes, only what the law makes public. */
function publish(command: PublishResult, state: ResultState): ResultEvent {
  assertNotYetDecided(state);
  const { task, inspection, target } = command;
  if (!task) throw new NotFoundError(`task ${command.taskId} is not set up`, 'taskId');
  if (inspection.outcome === 'unreachable' && inspection.unreachable) return publishNotInspected(command, task, inspection.unreachable);
  const report = reportOrThrow(inspection);
  if (!task.completedOn) {
    throw new IllegalStateError(`task ${command.taskId} has not completed; results are published after the task completes (002 §28.4)`);
  }
  if (!target) throw new NotFoundError(`target ${command.targetId} is not registered`, 'targetId');
  if (command.publishedOn < task.completedOn) {
    throw new ValidationError(`publishedOn ${command.publishedOn} is before the task completed (${task.completedOn})`, 'publishedOn');
  }
  const itemResults = inspection.itemIds.map((itemId): PublicItemResult => {
    const result = inspection.itemResults[itemId];
    if (!result || result === 'awaiting-test') {
      throw new IllegalStateError(`item ${itemId} has no final result${result ? ': it awaits a test result' : ''}; a result is published whole`);
    }
    return { itemId, itemName: task.itemNames[itemId] ?? itemId, result };
  });
  return {
    type: 'ResultPublished',
    data: {
      taskId: command.taskId,
      targetId: command.targetId,
      departmentId: report.departmentId,
      publishedOn: command.publishedOn,
      publicResult: {
        targetName: target.name,
        creditCode: target.creditCode,
        itemResults,
        conclusion: report.evaluation,
        handling: report.handlingOpinion,
      },
    },
  };
}

function publishNotInspected(
  command: PublishResult,
  task: NonNullable<PublishResult['task']>,
  unreachable: NonNullable<InspectionFacts['unreachable']>,
): ResultEvent {
  if (!task.completedOn) {
    throw new IllegalStateError(`task ${command.taskId} has not completed; results are published after the task completes (002 §28.4)`);
  }
  const { target, inspection } = command;
  if (!target) throw new NotFoundError(`target ${command.targetId} is not registered`, 'targetId');
  if (!inspection.departmentId) throw new IllegalStateError('the inspection was never opened; there is no department to publish for');
  if (command.publishedOn < task.completedOn) {
    throw new ValidationError(`publishedOn ${command.publishedOn} is before the task completed (${task.completedOn})`, 'publishedOn');
  }
  return {
    type: 'ResultPublished',
    data: {
      taskId: command.taskId,
      targetId: command.targetId,
      departmentId: inspection.departmentId,
      publishedOn: command.publishedOn,
      publicResult: {
        targetName: target.name,
        creditCode: target.creditCode,
        itemResults: [],
        conclusion: NOT_INSPECTED_CONCLUSIONS[unreachable.reason],
        handling: NOT_INSPECTED_HANDLING,
      },
    },
  };
}

/** 002 §28.4: 除依法依规不予公开的情形外 — the exemption names its reason and legal basis. */
function exempt(command: ExemptPublication, state: ResultState): ResultEvent {
  assertNotYetDecided(state);
  const report = reportOrThrow(command.inspection);
  const reason = command.reason.trim();
  const legalBasis = command.legalBasis.trim();
  if (!reason) throw new ValidationError('an exemption from publication states its reason', 'reason');
  if (!legalBasis) throw new ValidationError('an exemption from publication cites the law that exempts the result', 'legalBasis');
  return {
    type: 'PublicationExempted',
    data: { taskId: command.taskId, targetId: command.targetId, departmentId: report.departmentId, reason, legalBasis, decidedOn: command.decidedOn },
  };
}

function publishedOrThrow(state: ResultState, what: string): Published {
  const { publication } = state;
  if (publication.status === 'published') return publication;
  if (publication.status === 'exempted') {
    throw new IllegalStateError(`the result was exempted from publication on ${publication.decidedOn}; only a published result is ${what} (002 §29)`);
  }
  throw new IllegalStateError(`the result has not been published; only a published result is ${what} (002 §29)`);
}

/** 002 §29: 经所在单位主要负责人签字确认后及时更正 — the unit's principal head signs every correction. */
function assertPrincipalHead(actor: Actor, { departmentId }: Published): void {
  if (actor.role !== 'unit-head' || actor.unit !== departmentId) {
    throw new ForbiddenError(
      `a correction of a published result needs the signature of the principal head of ${departmentId}; a ${actor.role} of ${actor.unit} may not sign it (002 §29)`,
    );
  }
}

/** The whole result after the changes, published next to the original (002 §29). */
function correction(
  command: { taskId: string; targetId: string; correctedOn: string; actor: Actor },
  changes: ResultChanges,
  published: Published,
  reason: string,
  objectionNumber: number | null,
): ResultCorrected {
  const { current } = published;
  const changedItems = changes.itemResults ?? [];
  if (changedItems.length === 0 && changes.conclusion === undefined && changes.handling === undefined) {
    throw new ValidationError('a correction changes at least one item result, the conclusion or the handling', 'correction');
  }
  if (command.correctedOn < published.publishedOn) {
    throw new ValidationError(`correctedOn ${command.correctedOn} is before the result was published (${published.publishedOn})`, 'correctedOn');
  }
  const seen = new Set<string>();
  changedItems.forEach(({ itemId }, i) => {
    if (seen.has(itemId)) throw new ValidationError(`item ${itemId} is named twice`, `itemResults.${i}.itemId`);
    seen.add(itemId);
    if (!current.itemResults.some((r) => r.itemId === itemId)) {
      throw new ValidationError(`item ${itemId} is not part of the published result`, `itemResults.${i}.itemId`);
    }
  });
  const text = (value: string | undefined, field: string, was: string) => {
    if (value === undefined) return was;
    if (!value.trim()) throw new ValidationError(`the corrected ${field} may not be empty`, field);
    return value.trim();
  };
  const correctedResult: PublicResult = {
    ...current,
    itemResults: current.itemResults.map((r) => {
      const changed = changedItems.find((c) => c.itemId === r.itemId);
      return changed ? { ...r, result: changed.result } : r;
    }),
    conclusion: text(changes.conclusion, 'conclusion', current.conclusion),
    handling: text(changes.handling, 'handling', current.handling),
  };
  if (JSON.stringify(correctedResult) === JSON.stringify(current)) throw new IllegalStateError('the correction leaves the published result unchanged');
  return {
    type: 'ResultCorrected',
    data: {
      ...onResult(command, published),
      correctionNumber: published.corrections + 1,
      correctedOn: command.correctedOn,
      reason,
      correctedResult,
      signedBy: command.actor.id,
      objectionNumber,
    },
  };
}

/** 002 §29: 检查对象对检查结果有异议的 — only a published result can be objected to. */
function receiveObjection(command: ReceiveObjection, state: ResultState): ResultEvent {
  const published = publishedOrThrow(state, 'objected to');
  if (command.receivedOn > command.today) throw new ValidationError(`receivedOn ${command.receivedOn} is in the future`, 'receivedOn');
  if (command.receivedOn < published.publishedOn) {
    throw new ValidationError(`receivedOn ${command.receivedOn} is before the result was published (${published.publishedOn})`, 'receivedOn');
  }
  const grounds = command.grounds.trim();
  const objector = command.objector.trim();
  if (!grounds) throw new ValidationError('an objection states its grounds', 'grounds');
  if (!objector) throw new ValidationError('an objection names who raised it', 'objector');
  return {
    type: 'ObjectionReceived',
    data: { ...onResult(command, published), objectionNumber: state.objections.length + 1, receivedOn: command.receivedOn, grounds, objector },
  };
}

function objectionOrThrow(state: ResultState, objectionNumber: number): ObjectionState {
  const objection = state.objections[objectionNumber - 1];
  if (!Number.isInteger(objectionNumber) || !objection) throw new NotFoundError(`there is no objection ${objectionNumber} to this result`, 'objectionNumber');
  return objection;
}

/** 002 §29: 经复查确有错误的予以更正 — an upheld objection corrects the result in the same decision, signed by the principal head. */
function review(command: ReviewObjection, state: ResultState): ResultEvent[] {
  const published = publishedOrThrow(state, 'objected to');
  const objection = objectionOrThrow(state, command.objectionNumber);
  if (objection.review) {
    throw new IllegalStateError(
      `objection ${command.objectionNumber} was reviewed on ${objection.review.reviewedOn} (${objection.review.upheld ? 'upheld' : 'rejected'})`,
      'objectionNumber',
    );
  }
  if (command.reviewedOn < objection.receivedOn) {
    throw new ValidationError(`reviewedOn ${command.reviewedOn} is before the objection was received (${objection.receivedOn})`, 'reviewedOn');
  }
  const reasoning = command.reasoning.trim();
  if (!reasoning) throw new ValidationError('a review gives its reasoning', 'reasoning');
  const reviewed: ResultEvent = {
    type: 'ObjectionReviewed',
    data: {
      ...onResult(command, published),
      objectionNumber: command.objectionNumber,
      reviewedOn: command.reviewedOn,
      upheld: command.upheld,
      reasoning,
      reviewedBy: command.actor.id,
    },
  };
  if (!command.upheld) {
    if (command.correction) throw new ValidationError('a rejected objection corrects nothing; leave out the correction', 'correction');
    return [reviewed];
  }
  if (!command.correction) throw new ValidationError('an upheld objection means the result was wrong: give the correction (002 §29)', 'correction');
  assertPrincipalHead(command.actor, published);
  return [reviewed, correction({ ...command, correctedOn: command.reviewedOn }, command.correction, published, reasoning, command.objectionNumber)];
}

/** 000 §24: within 10 working days of receiving the feedback; a later comment is kept, marked late. */
function comment(command: ReceiveInspectorComment, state: ResultState): InspectorCommentReceived {
  const { inspection, commentDeadline } = command;
  const departmentId = state.departmentId ?? inspection.report?.departmentId ?? inspection.departmentId;
  if (!departmentId) throw new NotFoundError(`the inspection of ${command.targetId} under task ${command.taskId} has not been opened`, 'targetId');
  if (!inspection.feedbackDeliveredOn || !commentDeadline) {
    throw new IllegalStateError('the result has not been fed back to the target; it may comment on its inspectors once it has the feedback (000 §24)');
  }
  if (command.receivedOn > command.today) throw new ValidationError(`receivedOn ${command.receivedOn} is in the future`, 'receivedOn');
  if (command.receivedOn < inspection.feedbackDeliveredOn) {
    throw new ValidationError(`receivedOn ${command.receivedOn} is before the feedback was delivered (${inspection.feedbackDeliveredOn})`, 'receivedOn');
  }
  const text = command.comment.trim();
  if (!text) throw new ValidationError('the comment is empty', 'comment');
  const inspectorIds = command.inspectorIds ?? inspection.inspectorIds;
  inspectorIds.forEach((id, i) => {
    if (!inspection.inspectorIds.includes(id)) throw new ValidationError(`${id} did not inspect this target`, `inspectorIds.${i}`);
  });
  return {
    type: 'InspectorCommentReceived',
    data: {
      taskId: command.taskId,
      targetId: command.targetId,
      departmentId,
      receivedOn: command.receivedOn,
      comment: text,
      inspectorIds: [...new Set(inspectorIds)],
      deadline: commentDeadline.date,
      provisional: commentDeadline.provisional,
      late: command.receivedOn > commentDeadline.date,
    },
  };
}

function evolve(state: ResultState, event: ResultEvent): ResultState {
  const withDepartment = { ...state, departmentId: state.departmentId ?? event.data.departmentId };
  switch (event.type) {
    case 'ResultPublished':
      return {
        ...withDepartment,
        publication: {
          status: 'published',
          departmentId: event.data.departmentId,
          publishedOn: event.data.publishedOn,
          current: event.data.publicResult,
          corrections: 0,
        },
      };
    case 'PublicationExempted':
      return { ...withDepartment, publication: { status: 'exempted', decidedOn: event.data.decidedOn } };
    case 'ResultCorrected':
      return state.publication.status === 'published'
        ? { ...withDepartment, publication: { ...state.publication, current: event.data.correctedResult, corrections: event.data.correctionNumber } }
        : withDepartment;
    case 'ObjectionReceived':
      return { ...withDepartment, objections: [...state.objections, { receivedOn: event.data.receivedOn, review: null, fedBackOn: null }] };
    case 'ObjectionReviewed':
      return {
        ...withDepartment,
        objections: state.objections.map((o, i) =>
          i === event.data.objectionNumber - 1 ? { ...o, review: { reviewedOn: event.data.reviewedOn, upheld: event.data.upheld } } : o,
        ),
      };
    case 'ObjectionReviewFedBack':
      return {
        ...withDepartment,
        objections: state.objections.map((o, i) => (i === event.data.objectionNumber - 1 ? { ...o, fedBackOn: event.data.fedBackOn } : o)),
      };
    case 'InspectorCommentReceived':
      return withDepartment;
    default:
      return assertNever(event);
  }
}

export const resultDecider: Decider<ResultState, ResultCommand, ResultEvent> = { initialState, decide, evolve };
