/**
 * The yearly quota ledger (000 §19, 002 §15: at most twice a year): each draw consumes once and a
 * voided draw gives back exactly what it consumed, so retries and repeated voids change nothing.
 */
import { fold } from '../shared/decider';
import { specFor } from '../shared/testing';
import { QuotaConsumed, QuotaReleased } from './draw.events';
import { quotaLedgerDecider } from './quota-ledger.decider';

const spec = specFor(quotaLedgerDecider);

const consumed = (drawId: string, targetIds: string[]): QuotaConsumed => ({ type: 'QuotaConsumed', data: { year: 2026, drawId, targetIds } });
const released = (drawId: string, targetIds: string[]): QuotaReleased => ({ type: 'QuotaReleased', data: { year: 2026, drawId, targetIds } });

describe('quota ledger', () => {
  describe('consume (000 §19, 002 §15)', () => {
    it('records the targets a draw used', () =>
      spec()
        .when({ type: 'ConsumeQuota', year: 2026, drawId: 'd1', targetIds: ['T1', 'T2'] })
        .then([consumed('d1', ['T1', 'T2'])]));

    it('records a draw that used no quota (all drawn targets exempt), so its retry is recognised', () =>
      spec()
        .when({ type: 'ConsumeQuota', year: 2026, drawId: 'd1', targetIds: [] })
        .then([consumed('d1', [])]));

    it('appends nothing when the same draw retries', () =>
      spec([consumed('d1', ['T1'])])
        .when({ type: 'ConsumeQuota', year: 2026, drawId: 'd1', targetIds: ['T1'] })
        .then([]));

    it('appends nothing for a draw already released: a voided draw does not consume again', () =>
      spec([consumed('d1', ['T1']), released('d1', ['T1'])])
        .when({ type: 'ConsumeQuota', year: 2026, drawId: 'd1', targetIds: ['T1'] })
        .then([]));

    it('counts every draw of a target', () =>
      expect(fold(quotaLedgerDecider, [consumed('d1', ['T1', 'T2']), consumed('d2', ['T1'])]).used).toEqual(
        new Map([
          ['T1', 2],
          ['T2', 1],
        ]),
      ));
  });

  describe('release: a voided draw gives back what it used', () => {
    it('gives back exactly what the draw consumed, whatever the command says', () =>
      spec([consumed('d1', ['T1', 'T2']), consumed('d2', ['T3'])])
        .when({ type: 'ReleaseQuota', year: 2026, drawId: 'd1' })
        .then([released('d1', ['T1', 'T2'])]));

    it('appends nothing the second time', () =>
      spec([consumed('d1', ['T1']), released('d1', ['T1'])])
        .when({ type: 'ReleaseQuota', year: 2026, drawId: 'd1' })
        .then([]));

    it('appends nothing for a draw that consumed nothing in the ledger', () =>
      spec([consumed('d1', ['T1'])])
        .when({ type: 'ReleaseQuota', year: 2026, drawId: 'd9' })
        .then([]));

    it('counts the released quota back', () => {
      const ledger = fold(quotaLedgerDecider, [consumed('d1', ['T1', 'T2']), consumed('d2', ['T1']), released('d1', ['T1', 'T2'])]);
      expect(ledger.used.get('T1')).toBe(1);
      expect(ledger.used.get('T2')).toBe(0);
      expect(ledger.byDraw.get('d1')).toEqual({ targetIds: ['T1', 'T2'], released: true });
      expect(ledger.byDraw.get('d2')).toEqual({ targetIds: ['T1'], released: false });
    });
  });
});
