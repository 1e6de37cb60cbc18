/**
 * Keeps the Merkle tree of the whole log by following the store's ordered subscription, so that
 * proofs and tree heads cost O(log² n) instead of a replay. Every process that serves proofs or
 * signs heads runs one; they agree because they read the same order. The tree lives in
 * DATA_DIR/state/log-tree.db (LogTreeFile): memory holds only what was folded since the last
 * commit, and a start resumes from the position the file records instead of re-hashing the log.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LogFollower } from '../log/log-follower';
import { LogTree } from './log-tree';
import { LogTreeFile } from './log-tree-file';

@Injectable()
export class IntegrityLog implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tree: LogTree;
  private readonly file: LogTreeFile;
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    const state = join(config.dataDir, 'state');
    // the whole tree saved at once, by versions before the file: nothing reads it any more
    rmSync(join(state, 'log-tree.snapshot'), { force: true });
    const file = (this.file = new LogTreeFile(join(state, 'log-tree.db')));
    this.tree = new LogTree(file);
    this.follower = new LogFollower(store, 'IntegrityLog', (event) => this.tree.add(event), undefined, file);
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
    this.file.close();
  }

  /**
   * Resolves once the tree holds every event up to the head of the log as it is now, or after the
   * timeout with what it holds: a smaller tree is still an honest prefix to prove against.
   */
  async caughtUp(timeoutMs = 5_000): Promise<void> {
    await this.follower.caughtUp(timeoutMs);
  }
}
