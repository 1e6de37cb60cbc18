/**
 * Signs a tree head every TREE_HEAD_INTERVAL_SECONDS (default 10) when the log grew, and as soon
 * as TREE_HEAD_MAX_EVENTS (default 1,000) events arrived after the newest head, and records it as
 * `TreeHeadSigned` on the stream `tree-heads`. It runs where the projector runs (RUN_PROJECTOR, or
 * `apps/projector`), so one process signs; the command id is derived from the tree size, so a
 * restart, or a second signer, never records two heads of the same size.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { RecordTreeHead, TREE_HEADS_STREAM, treeHeadsDecider } from '@app/domain';
import { SignedTreeHead, SigningKey, signTreeHead } from '@app/integrity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../commands/clock';
import { CommandRunner } from '../commands/command-runner';
import { IntegrityLog } from './integrity-log';

export const TREE_HEAD_KEY = Symbol('TREE_HEAD_KEY');

/** Namespace of the signer's command ids: uuidv5("tree-head/<size>"). */
const TREE_HEAD_COMMAND_NAMESPACE = '0f3b8e52-6a1d-4c7e-9b2f-8d4a6e1c3b57';

/** How often the signer looks whether TREE_HEAD_MAX_EVENTS arrived since the newest head. */
const COUNT_CHECK_MS = 250;

/** Who the log records as having appended a head: the service itself, not a person. */
export const TREE_HEAD_SIGNER = { id: 'service:tree-head-signer', role: 'admin', unit: 'service' } as const;

@Injectable()
export class TreeHeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private countTimer?: NodeJS.Timeout;
  private signing: Promise<SignedTreeHead | null> | null = null;
  private readonly logger = new Logger('TreeHeadSigner');

  constructor(
    private readonly log: IntegrityLog,
    private readonly runner: CommandRunner,
    @Inject(TREE_HEAD_KEY) private readonly key: SigningKey,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runProjector) return;
    if (this.config.treeHeadKeyInDataDir)
      this.logger.warn({
        msg: 'tree heads are signed with the key kept in DATA_DIR/tree-head-key: whoever can write the data can also re-sign it; set TREE_HEAD_SIGNING_KEY from outside the data (docs/integrity.md)',
      });
    const signInBackground = () => void this.signNow().catch((error: Error) => this.logger.error({ msg: 'tree head not signed', error: error.message }));
    this.timer = setInterval(signInBackground, this.config.treeHeadIntervalSeconds * 1000);
    this.timer.unref();
    // and as soon as TREE_HEAD_MAX_EVENTS arrived after the newest head: a look at two numbers
    this.countTimer = setInterval(() => {
      if (this.signing === null && this.log.tree.headDue && this.eventsSinceNewestHead() >= this.config.treeHeadMaxEvents) signInBackground();
    }, COUNT_CHECK_MS);
    this.countTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    clearInterval(this.countTimer);
  }

  /** Events the tree followed so far beyond the newest head's size. */
  private eventsSinceNewestHead(): number {
    const tree = this.log.tree;
    return tree.size - (tree.latestHead()?.treeSize ?? 0);
  }

  /**
   * Signs the tree as it stands once caught up with the log, if anything but heads arrived since
   * the newest head; returns the head recorded, or null when none was due. One signing at a time.
   */
  signNow(): Promise<SignedTreeHead | null> {
    this.signing ??= this.sign().finally(() => (this.signing = null));
    return this.signing;
  }

  private async sign(): Promise<SignedTreeHead | null> {
    await this.log.caughtUp();
    const tree = this.log.tree;
    if (!tree.headDue) return null;
    const treeSize = tree.size;
    const head = signTreeHead({ treeSize, rootHash: tree.rootAt(treeSize), timestamp: this.clock.now().toISOString() }, this.key);
    const commandId = uuidv5(`tree-head/${treeSize}`, TREE_HEAD_COMMAND_NAMESPACE);
    const command: RecordTreeHead = { type: 'RecordTreeHead', head };
    // the newest head alone decides: the stream gains a head every few seconds for ever
    const result = await this.runner.run(
      TREE_HEADS_STREAM,
      treeHeadsDecider,
      command,
      { actor: TREE_HEAD_SIGNER, commandId, correlationId: commandId, causationId: commandId },
      { lastEventOnly: true },
    );
    if (result.events.length === 0 || result.replayed) return null;
    this.logger.log({ msg: 'tree head signed', treeSize, rootHash: head.rootHash });
    return head;
  }
}
