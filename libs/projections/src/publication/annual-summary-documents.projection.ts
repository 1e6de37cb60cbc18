/**
 * The annual execution summaries as published documents (000 §26): the figures frozen when the
 * unit head signed and published them, and each signed correction beside them. The public sees
 * the signer's role, not who; the history has the rest.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, update } from '@app/read-store';
import type { AnnualSummaryEvent } from '@app/domain';

export interface AnnualSummaryCorrectionView {
  correctionNumber: number;
  figures: Record<string, number>;
  reason: string;
  correctedOn: string;
}

export interface AnnualSummaryDocumentView {
  departmentId: string;
  year: number;
  publishedOn: string;
  /** Published by the end of January (000 §26). */
  onTime: boolean;
  signedByRole: string;
  /** As published; never changed. */
  figures: Record<string, number>;
  corrections: AnnualSummaryCorrectionView[];
}

export const ANNUAL_SUMMARY_DOCUMENTS = 'annual-summary-documents';
export const annualSummaryDocumentId = (departmentId: string, year: number) => `${departmentId}/${year}`;

export const annualSummaryDocumentsProjection: Projection = {
  name: 'annual-summary-documents',
  eventTypes: ['AnnualSummaryPublished', 'AnnualSummaryCorrected'],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as AnnualSummaryEvent;
    const id = annualSummaryDocumentId(event.data.departmentId, event.data.year);
    switch (event.type) {
      case 'AnnualSummaryPublished': {
        const { departmentId, year, publishedOn, onTime, figures } = event.data;
        return [
          update<AnnualSummaryDocumentView>(ANNUAL_SUMMARY_DOCUMENTS, id, () => ({
            departmentId,
            year,
            publishedOn,
            onTime,
            signedByRole: recorded.metadata.role,
            figures,
            corrections: [],
          })),
        ];
      }
      case 'AnnualSummaryCorrected': {
        const { correctionNumber, figures, reason, correctedOn } = event.data;
        return [
          update<AnnualSummaryDocumentView>(
            ANNUAL_SUMMARY_DOCUMENTS,
            id,
            (doc) => doc && { ...doc, corrections: [...doc.corrections, { correctionNumber, figures, reason, correctedOn }] },
          ),
        ];
      }
    }
  },
};
