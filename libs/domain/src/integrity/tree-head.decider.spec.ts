import { specFor } from '../shared/testing';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { treeHeadsDecider } from './tree-head.decider';
import { TreeHeadData, TreeHeadSigned } from './tree-head.events';

const spec = specFor(treeHeadsDecider);

const head = (treeSize: number, overrides: Partial<TreeHeadData> = {}): TreeHeadData => ({
  treeSize,
  rootHash: 'a'.repeat(64),
  timestamp: '2026-03-02T08:00:00.000Z',
  keyId: 'b'.repeat(64),
  signature: `${'A'.repeat(86)}==`,
  ...overrides,
});
const signed = (treeSize: number): TreeHeadSigned => ({ type: 'TreeHeadSigned', data: head(treeSize) });

describe('signed tree heads (全程留痕、责任可溯: oversight can prove nothing was altered)', () => {
  it('records the first head', () =>
    spec()
      .when({ type: 'RecordTreeHead', head: head(5) })
      .then([signed(5)]));

  it('records a head over a grown log', () =>
    spec([signed(5)])
      .when({ type: 'RecordTreeHead', head: head(9) })
      .then([signed(9)]));

  it('records nothing for a size already recorded: a restart signing the same log again', () =>
    spec([signed(5), signed(9)])
      .when({ type: 'RecordTreeHead', head: head(9, { timestamp: '2026-03-02T09:00:00.000Z' }) })
      .then([]));

  it('refuses a head smaller than the newest: the log never shrinks', () =>
    spec([signed(9)])
      .when({ type: 'RecordTreeHead', head: head(5) })
      .thenThrows(IllegalStateError, /already recorded; the log never shrinks/, 'treeSize'));

  it.each([
    ['treeSize', { treeSize: 0 }, /positive whole number/],
    ['treeSize', { treeSize: 1.5 }, /positive whole number/],
    ['rootHash', { rootHash: 'A'.repeat(64) }, /64 lowercase hex/],
    ['timestamp', { timestamp: '2026-03-02T08:00:00Z' }, /ISO-8601/],
    ['keyId', { keyId: 'b'.repeat(63) }, /64 lowercase hex/],
    ['signature', { signature: 'not base64' }, /64-byte Ed25519/],
  ] as const)('refuses a malformed %s', (field, overrides, message) =>
    spec()
      .when({ type: 'RecordTreeHead', head: head(3, overrides) })
      .thenThrows(ValidationError, message, field),
  );
});
