/**
 * Keeps the Merkle tree of the whole log in memory by following the store's ordered subscription
 * from the very start, so that proofs and tree heads cost O(log² n) instead of a replay. Every
 * process that serves proofs or signs heads runs one; they agree because they read the same order.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { LogFollower } from '../log/log-follower';
import { LogTree } from './log-tree';

@Injectable()
export class IntegrityLog implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tree = new LogTree();
  private readonly follower: LogFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.follower = new LogFollower(store, 'IntegrityLog', (event) => this.tree.add(event));
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
