/**
 * Keeps the Merkle tree of the whole log in memory (64 bytes per event) by following the store's
 * ordered subscription, so that proofs and tree heads cost O(log² n) instead of a replay. Every
 * process that serves proofs or signs heads runs one; they agree because they read the same order.
 * The tree's leaves are snapshotted in DATA_DIR/state, so a start resumes instead of re-hashing
 * the whole log.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LogFollower } from '../log/log-follower';
import { LogTree } from './log-tree';

@Injectable()
export class IntegrityLog implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tree = new LogTree();
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.follower = new LogFollower(store, 'IntegrityLog', (event) => this.tree.add(event), {
      file: join(config.dataDir, 'state', 'log-tree.snapshot'),
      version: 'log-tree-1',
      save: () => this.tree.toSnapshot(),
      restore: (bytes) => this.tree.restore(bytes),
    });
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /**
   * Resolves once the tree holds every event up to the head of the log as it is now, or after the
   * timeout with what it holds: a smaller tree is still an honest prefix to prove against.
   */
  async caughtUp(timeoutMs = 5_000): Promise<void> {
    await this.follower.caughtUp(timeoutMs);
  }
}
