import { Actor } from '../shared/actor';
import { ForbiddenError, IllegalStateError, ValidationError } from '../shared/errors';
import { specFor } from '../shared/testing';
import { AnnualSummaryEvent, PublishAnnualSummary, annualSummaryDecider } from './annual-summary.decider';

const spec = specFor(annualSummaryDecider);
const HEAD: Actor = { id: 'head-1', role: 'unit-head', unit: 'lingling' };
const FIGURES = { tasks: 2, targetsDrawn: 40, resultsPublished: 38 };
const publish = (overrides: Partial<PublishAnnualSummary> = {}): PublishAnnualSummary => ({
  type: 'PublishAnnualSummary',
  departmentId: 'lingling',
  year: 2026,
  figures: FIGURES,
  signer: HEAD,
  publishedOn: '2027-01-15',
  ...overrides,
});
const published: AnnualSummaryEvent = {
  type: 'AnnualSummaryPublished',
  data: { departmentId: 'lingling', year: 2026, figures: FIGURES, signedBy: 'head-1', publishedOn: '2027-01-15', onTime: true },
};

describe('annual execution summary as a document (000 §26)', () => {
  it('is signed by the unit head and published with its figures frozen, on time in January', () => spec().when(publish()).then([published]));

  it('is marked late when published after January', () =>
    expect(annualSummaryDecider.decide(publish({ publishedOn: '2027-02-03' }), annualSummaryDecider.initialState)[0].data).toMatchObject({ onTime: false }));

  it('is not published before the year is over', () =>
    spec()
      .when(publish({ publishedOn: '2026-12-31' }))
      .thenThrows(IllegalStateError, /published from 2027-01-01/, 'year'));

  it('is signed by the head of its own unit only', () => {
    spec()
      .when(publish({ signer: { id: 'staff-1', role: 'staff', unit: 'lingling' } }))
      .thenThrows(ForbiddenError, /signed by the head of lingling; a staff of lingling cannot/);
    spec()
      .when(publish({ signer: { id: 'head-9', role: 'unit-head', unit: 'qiyang' } }))
      .thenThrows(ForbiddenError, /a unit-head of qiyang cannot/);
  });

  it('is never published twice', () =>
    spec([published])
      .when(publish())
      .thenThrows(IllegalStateError, /never republished/));

  it('is corrected beside the original, numbered, signed and with its reason', () =>
    spec([published])
      .when({ type: 'CorrectAnnualSummary', figures: { ...FIGURES, resultsPublished: 39 }, reason: ' 漏计一项公示 ', signer: HEAD, correctedOn: '2027-02-10' })
      .then([
        {
          type: 'AnnualSummaryCorrected',
          data: {
            departmentId: 'lingling',
            year: 2026,
            correctionNumber: 1,
            figures: { ...FIGURES, resultsPublished: 39 },
            reason: '漏计一项公示',
            signedBy: 'head-1',
            correctedOn: '2027-02-10',
          },
        },
      ]));

  it('refuses a correction without a reason, without a change, or before publication', () => {
    spec([published])
      .when({ type: 'CorrectAnnualSummary', figures: { ...FIGURES, tasks: 3 }, reason: ' ', signer: HEAD, correctedOn: '2027-02-10' })
      .thenThrows(ValidationError, /states its reason/, 'reason');
    spec([published])
      .when({ type: 'CorrectAnnualSummary', figures: FIGURES, reason: '核对', signer: HEAD, correctedOn: '2027-02-10' })
      .thenThrows(IllegalStateError, /nothing to correct/);
    spec()
      .when({ type: 'CorrectAnnualSummary', figures: FIGURES, reason: '核对', signer: HEAD, correctedOn: '2027-02-10' })
      .thenThrows(IllegalStateError, /has not been published/);
  });
});
