/**
 * Results (一公开) as the public and staff read them. The public document holds only what
 * publication makes public (002 §28.4): the original result and each correction next to it
 * (002 §29), never who signed, objected or inspected. The staff record holds the whole story:
 * exemption, corrections with their signatures, objections with their review and feedback, the
 * target's comments on its inspectors (000 §24).
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, update } from '@app/read-store';
import type { PublicResult, ResultEvent } from '@app/domain';
import { dateScore } from '../tasks/tasks.projection';

export interface PublicCorrectionView {
  correctionNumber: number;
  correctedOn: string;
  reason: string;
  correctedResult: PublicResult;
  /** Set when an upheld objection led to it. */
  objectionNumber: number | null;
}

/** What the public sees of one published result. */
export interface PublishedResultView {
  taskId: string;
  targetId: string;
  departmentId: string;
  publishedOn: string;
  original: PublicResult;
  corrections: PublicCorrectionView[];
}

export interface ObjectionRecordView {
  objectionNumber: number;
  receivedOn: string;
  grounds: string;
  objector: string;
  review: { reviewedOn: string; upheld: boolean; reasoning: string; reviewedBy: string } | null;
  feedback: { fedBackOn: string; channel: 'direct' | 'post' } | null;
}

export interface CommentRecordView {
  receivedOn: string;
  comment: string;
  inspectorIds: string[];
  deadline: string;
  provisional: boolean;
  late: boolean;
}

/** Everything recorded about one result, for staff of its department and their superiors, and oversight. */
export interface ResultRecordView {
  taskId: string;
  targetId: string;
  departmentId: string;
  status: 'unpublished' | 'published' | 'exempted';
  publishedOn: string | null;
  original: PublicResult | null;
  exemption: { reason: string; legalBasis: string; decidedOn: string } | null;
  corrections: (PublicCorrectionView & { signedBy: string })[];
  objections: ObjectionRecordView[];
  comments: CommentRecordView[];
}

export const PUBLISHED_RESULTS = 'published-results';
export const RESULT_RECORDS = 'result-records';
export const resultId = (taskId: string, targetId: string) => `${taskId}/${targetId}`;

const filtered = (prefix: string, filter: { departmentId?: string; year?: number }) =>
  [prefix, filter.departmentId !== undefined ? `department:${filter.departmentId}` : null, filter.year !== undefined ? `year:${filter.year}` : null]
    .filter((part) => part !== null)
    .join(':');

/** Published results (members `taskId/targetId`) scored by publication date, narrowed by department and year of publication or not. */
export const publishedResultsIndex = (filter: { departmentId?: string; year?: number }) => filtered('results:published', filter);
/** Published results of one target, found by its credit code. */
export const publishedResultsByCreditCodeIndex = (creditCode: string) => `results:published:credit-code:${creditCode}`;
/** Corrections (members `taskId/targetId#n`, n from 1) scored by correction date, narrowed by department and year of correction or not. */
export const correctionsIndex = (filter: { departmentId?: string; year?: number }) => filtered('results:corrections', filter);
export const correctionMember = (taskId: string, targetId: string, n: number) => `${resultId(taskId, targetId)}#${n}`;
/** Every result record of a department, scored by the date of its latest publication, exemption or comment. */
export const departmentResultRecordsIndex = (departmentId: string) => `results:records:department:${departmentId}`;

const yearOf = (date: string) => Number(date.slice(0, 4));

const blankRecord = (taskId: string, targetId: string, departmentId: string): ResultRecordView => ({
  taskId,
  targetId,
  departmentId,
  status: 'unpublished',
  publishedOn: null,
  original: null,
  exemption: null,
  corrections: [],
  objections: [],
  comments: [],
});

export const resultsProjection: Projection = {
  name: 'results',
  eventTypes: [
    'ResultPublished',
    'PublicationExempted',
    'ResultCorrected',
    'ObjectionReceived',
    'ObjectionReviewed',
    'ObjectionReviewFedBack',
    'InspectorCommentReceived',
  ],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as ResultEvent;
    const { taskId, targetId, departmentId } = event.data;
    const id = resultId(taskId, targetId);
    const record = (apply: (current: ResultRecordView) => ResultRecordView) =>
      update<ResultRecordView>(RESULT_RECORDS, id, (current) => apply(current ?? blankRecord(taskId, targetId, departmentId)));
    const objection = (n: number, apply: (o: ObjectionRecordView) => ObjectionRecordView) =>
      record((r) => ({ ...r, objections: r.objections.map((o) => (o.objectionNumber === n ? apply(o) : o)) }));
    const listed = (date: string) => indexAdd(departmentResultRecordsIndex(departmentId), id, dateScore(date));
    switch (event.type) {
      case 'ResultPublished': {
        const { publishedOn, publicResult } = event.data;
        const score = dateScore(publishedOn);
        const year = yearOf(publishedOn);
        return [
          update<PublishedResultView>(PUBLISHED_RESULTS, id, () => ({ taskId, targetId, departmentId, publishedOn, original: publicResult, corrections: [] })),
          record((r) => ({ ...r, status: 'published', publishedOn, original: publicResult })),
          listed(publishedOn),
          ...[{}, { departmentId }, { year }, { departmentId, year }].map((filter) => indexAdd(publishedResultsIndex(filter), id, score)),
          ...(publicResult.creditCode ? [indexAdd(publishedResultsByCreditCodeIndex(publicResult.creditCode), id, score)] : []),
        ];
      }
      case 'PublicationExempted': {
        const { reason, legalBasis, decidedOn } = event.data;
        return [record((r) => ({ ...r, status: 'exempted', exemption: { reason, legalBasis, decidedOn } })), listed(decidedOn)];
      }
      case 'ResultCorrected': {
        const { correctionNumber, correctedOn, reason, correctedResult, objectionNumber, signedBy } = event.data;
        const correction: PublicCorrectionView = { correctionNumber, correctedOn, reason, correctedResult, objectionNumber };
        const member = correctionMember(taskId, targetId, correctionNumber);
        const score = dateScore(correctedOn);
        const year = yearOf(correctedOn);
        return [
          update<PublishedResultView>(PUBLISHED_RESULTS, id, (current) => current && { ...current, corrections: [...current.corrections, correction] }),
          record((r) => ({ ...r, corrections: [...r.corrections, { ...correction, signedBy }] })),
          ...[{}, { departmentId }, { year }, { departmentId, year }].map((filter) => indexAdd(correctionsIndex(filter), member, score)),
        ];
      }
      case 'ObjectionReceived': {
        const { objectionNumber, receivedOn, grounds, objector } = event.data;
        return [record((r) => ({ ...r, objections: [...r.objections, { objectionNumber, receivedOn, grounds, objector, review: null, feedback: null }] }))];
      }
      case 'ObjectionReviewed': {
        const { objectionNumber, reviewedOn, upheld, reasoning, reviewedBy } = event.data;
        return [objection(objectionNumber, (o) => ({ ...o, review: { reviewedOn, upheld, reasoning, reviewedBy } }))];
      }
      case 'ObjectionReviewFedBack': {
        const { objectionNumber, fedBackOn, channel } = event.data;
        return [objection(objectionNumber, (o) => ({ ...o, feedback: { fedBackOn, channel } }))];
      }
      case 'InspectorCommentReceived': {
        const { receivedOn, comment, inspectorIds, deadline, provisional, late } = event.data;
        return [record((r) => ({ ...r, comments: [...r.comments, { receivedOn, comment, inspectorIds, deadline, provisional, late }] })), listed(receivedOn)];
      }
    }
  },
};
