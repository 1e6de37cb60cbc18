/**
 * 000 §26: each January a department publishes how it executed the previous year's random
 * inspections. The summary is a document: its figures are frozen when the unit head signs and
 * publishes it, it never changes, and an error is corrected only by a correction published beside
 * the original, signed and with its reason. Stream `annual-summary-<departmentId>-<year>`.
 */
import { Actor } from '../shared/actor';
import { Decider, DomainEvent, assertNever } from '../shared/decider';
import { ForbiddenError, IllegalStateError, ValidationError } from '../shared/errors';

/** The figures as published: counts only, no target, inspector or comment named (what the live summary adds up). */
export type AnnualSummaryFigures = Readonly<Record<string, number>>;

export type AnnualSummaryPublished = DomainEvent<
  'AnnualSummaryPublished',
  {
    departmentId: string;
    year: number;
    figures: Record<string, number>;
    /** The unit head who signed it. */
    signedBy: string;
    publishedOn: string;
    /** Published by the end of January of the following year (000 §26). */
    onTime: boolean;
  }
>;

export type AnnualSummaryCorrected = DomainEvent<
  'AnnualSummaryCorrected',
  {
    departmentId: string;
    year: number;
    /** 1 for the first correction. */
    correctionNumber: number;
    /** The figures as corrected, whole. */
    figures: Record<string, number>;
    reason: string;
    signedBy: string;
    correctedOn: string;
  }
>;

export type AnnualSummaryEvent = AnnualSummaryPublished | AnnualSummaryCorrected;

export const annualSummaryStream = (departmentId: string, year: number) => `annual-summary-${departmentId}-${year}`;

export interface PublishAnnualSummary {
  readonly type: 'PublishAnnualSummary';
  readonly departmentId: string;
  readonly year: number;
  /** The figures the department's records add up to now (an outside fact the handler reads). */
  readonly figures: AnnualSummaryFigures;
  readonly signer: Actor;
  readonly publishedOn: string;
}

export interface CorrectAnnualSummary {
  readonly type: 'CorrectAnnualSummary';
  readonly figures: AnnualSummaryFigures;
  readonly reason: string;
  readonly signer: Actor;
  readonly correctedOn: string;
}

export type AnnualSummaryCommand = PublishAnnualSummary | CorrectAnnualSummary;

export type AnnualSummaryState =
  | { readonly status: 'none' }
  | {
      readonly status: 'published';
      readonly departmentId: string;
      readonly year: number;
      readonly publishedOn: string;
      /** The figures as they stand: the original, or the latest correction. */
      readonly figures: AnnualSummaryFigures;
      readonly corrections: number;
    };

const initialState: AnnualSummaryState = { status: 'none' };

/** 000 §26: the unit's principal head signs the summary, and any correction of it. */
function assertUnitHead(signer: Actor, departmentId: string, what: string): void {
  if (signer.role !== 'unit-head' || signer.unit !== departmentId) {
    throw new ForbiddenError(`${what} is signed by the head of ${departmentId}; a ${signer.role} of ${signer.unit} cannot sign it (000 §26)`);
  }
}

const sameFigures = (a: AnnualSummaryFigures, b: AnnualSummaryFigures) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);

function decide(command: AnnualSummaryCommand, state: AnnualSummaryState): AnnualSummaryEvent[] {
  switch (command.type) {
    case 'PublishAnnualSummary': {
      const { departmentId, year, publishedOn } = command;
      if (state.status === 'published') {
        throw new IllegalStateError(
          `the ${year} summary of ${departmentId} was published on ${state.publishedOn}; it is corrected beside the original, never republished (000 §26)`,
        );
      }
      assertUnitHead(command.signer, departmentId, `the ${year} summary`);
      if (publishedOn < `${year + 1}-01-01`) {
        throw new IllegalStateError(`the ${year} summary covers the whole year; it is published from ${year + 1}-01-01 (000 §26)`, 'year');
      }
      return [
        {
          type: 'AnnualSummaryPublished',
          data: { departmentId, year, figures: { ...command.figures }, signedBy: command.signer.id, publishedOn, onTime: publishedOn <= `${year + 1}-01-31` },
        },
      ];
    }
    case 'CorrectAnnualSummary': {
      if (state.status !== 'published') throw new IllegalStateError('the summary has not been published; there is nothing to correct');
      assertUnitHead(command.signer, state.departmentId, `a correction of the ${state.year} summary`);
      const reason = command.reason.trim();
      if (!reason) throw new ValidationError('a correction states its reason (000 §26)', 'reason');
      if (sameFigures(command.figures, state.figures)) {
        throw new IllegalStateError('the records add up to the figures already published; there is nothing to correct');
      }
      return [
        {
          type: 'AnnualSummaryCorrected',
          data: {
            departmentId: state.departmentId,
            year: state.year,
            correctionNumber: state.corrections + 1,
            figures: { ...command.figures },
            reason,
            signedBy: command.signer.id,
            correctedOn: command.correctedOn,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: AnnualSummaryState, event: AnnualSummaryEvent): AnnualSummaryState {
  switch (event.type) {
    case 'AnnualSummaryPublished': {
      const { departmentId, year, publishedOn, figures } = event.data;
      return { status: 'published', departmentId, year, publishedOn, figures, corrections: 0 };
    }
    case 'AnnualSummaryCorrected':
      return state.status === 'published' ? { ...state, figures: event.data.figures, corrections: event.data.correctionNumber } : state;
    default:
      return assertNever(event);
  }
}

export const annualSummaryDecider: Decider<AnnualSummaryState, AnnualSummaryCommand, AnnualSummaryEvent> = { initialState, decide, evolve };
