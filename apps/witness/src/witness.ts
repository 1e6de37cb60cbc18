/**
 * One witness: asks the log for its newest signed head, judges it against the last head it
 * cosigned (libs/integrity/src/witness.ts), cosigns and records it, or raises an alarm and cosigns
 * nothing. Where heads come from is a port, so the same loop runs against the service over HTTP
 * and against anything a test hands it.
 */
import { Cosignature, SignedTreeHead, SigningKey, VerificationKey, cosignTreeHead, judgeHead, verificationKeyFrom } from '@app/integrity';
import { WitnessAlarm, WitnessStore } from './witness-store';

export interface HeadSource {
  /** The log's public key, SPKI PEM: pinned at the first run, compared on every later one. */
  publicKeyPem(): Promise<string>;
  /** The newest signed head; null when none is signed yet. */
  latestHead(): Promise<SignedTreeHead | null>;
  /** RFC 9162 consistency proof between two published heads, hex; null when the log no longer publishes the head of size `from`. */
  consistencyProof(from: number, to: number): Promise<string[] | null>;
  /** Hands a cosignature back to the log, which records it; throws with the log's answer when it refuses. */
  postCosignature(cosignature: Cosignature): Promise<void>;
}

export type PollOutcome =
  | { readonly kind: 'no-head' }
  | { readonly kind: 'seen'; readonly treeSize: number }
  | { readonly kind: 'cosigned'; readonly head: SignedTreeHead; readonly cosignature: Cosignature }
  | { readonly kind: 'alarm'; readonly alarm: WitnessAlarm; readonly isNew: boolean };

export class Witness {
  private logKey: VerificationKey | null = null;

  constructor(
    private readonly store: WitnessStore,
    private readonly key: SigningKey,
    private readonly source: HeadSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pollOnce(): Promise<PollOutcome> {
    const logKey = await this.pinnedLogKey();
    if ('alarm' in logKey) return this.alarm('bad-signature', logKey.alarm);
    const head = await this.source.latestHead();
    if (!head) return { kind: 'no-head' };
    const last = this.store.last();
    let verdict = judgeHead(last, head, logKey);
    if (verdict.kind === 'needs-proof') {
      const proof = await this.source.consistencyProof(verdict.from, verdict.to);
      if (proof === null)
        return this.alarm('head-missing', `the log no longer publishes the head of size ${verdict.from} this witness cosigned (heads were removed)`);
      verdict = judgeHead(last, head, logKey, proof);
    }
    switch (verdict.kind) {
      case 'seen':
        return { kind: 'seen', treeSize: head.treeSize };
      case 'alarm':
        return this.alarm(verdict.reason, verdict.detail);
      case 'cosign': {
        const cosignature = cosignTreeHead(head, this.key, this.now().toISOString());
        this.store.recordCosigned(head, cosignature);
        return { kind: 'cosigned', head, cosignature };
      }
      default:
        throw new Error(`unexpected verdict ${verdict.kind}`);
    }
  }

  /**
   * Hands back every cosignature the log has not accepted yet, oldest first, and stops at the
   * first refusal (the log unreachable, or this witness not registered there): the next poll tries
   * again. Returns how many were accepted and the refusal, if any.
   */
  async postPending(): Promise<{ posted: number; refused: string | null }> {
    let posted = 0;
    for (const cosignature of this.store.unposted()) {
      try {
        await this.source.postCosignature(cosignature);
      } catch (error) {
        return { posted, refused: (error as Error).message };
      }
      this.store.markPosted(cosignature.treeSize, this.now().toISOString());
      posted += 1;
    }
    return { posted, refused: null };
  }

  /** The log key pinned at the first run; a log that now shows another key is an alarm. */
  private async pinnedLogKey(): Promise<VerificationKey | { alarm: string }> {
    if (this.logKey) return this.logKey;
    const shown = (await this.source.publicKeyPem()).trim();
    const pinned = this.store.logKey();
    if (pinned === null) this.store.pinLogKey(shown);
    else if (pinned.trim() !== shown) {
      const was = verificationKeyFrom(pinned).keyId;
      return { alarm: `the log now shows signing key ${verificationKeyFrom(shown).keyId}, not ${was} that this witness pinned: heads signed with another key are not cosigned` };
    }
    this.logKey = verificationKeyFrom(pinned ?? shown);
    return this.logKey;
  }

  private alarm(reason: WitnessAlarm['reason'], detail: string): PollOutcome {
    const alarm: WitnessAlarm = { raisedAt: this.now().toISOString(), reason, detail };
    return { kind: 'alarm', alarm, isNew: this.store.raise(alarm) };
  }
}

/** The service's public integrity routes (GET /integrity/public-key, /tree-heads/latest, /consistency). */
export class HttpHeadSource implements HeadSource {
  constructor(private readonly baseUrl: string) {}

  async publicKeyPem(): Promise<string> {
    return ((await this.json('/integrity/public-key')) as { publicKeyPem: string }).publicKeyPem;
  }

  async latestHead(): Promise<SignedTreeHead | null> {
    const response = await fetch(`${this.baseUrl}/integrity/tree-heads/latest`);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET /integrity/tree-heads/latest answered ${response.status}`);
    return (await response.json()) as SignedTreeHead;
  }

  async consistencyProof(from: number, to: number): Promise<string[] | null> {
    const response = await fetch(`${this.baseUrl}/integrity/consistency?from=${from}&to=${to}`);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET /integrity/consistency answered ${response.status}`);
    return ((await response.json()) as { proof: string[] }).proof;
  }

  async postCosignature(cosignature: Cosignature): Promise<void> {
    const response = await fetch(`${this.baseUrl}/integrity/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cosignature),
    });
    if (!response.ok) throw new Error(`POST /integrity/cosignatures answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }

  private async json(path: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  }
}
