/** `settle()` of the local environment: waits until nothing written so far is still on its way anywhere. */
import type { GuestMessageWriter } from './guest-outbox';
import type { StreamFollower } from './stream-follower';

/** What carries a write on: the stream followers (replication, search indexers, event publishers) and the guests' messages. */
export interface Pipelines {
  readonly followers: readonly StreamFollower[];
  readonly messages: GuestMessageWriter;
}

/**
 * Resolves once every follower and the messages have caught up. Replication feeds the other
 * region's stream, which its indexer then reads; and a guest message's token is a write to its
 * booking, which must replicate too: so the followers, then the messages, then the followers
 * twice more. Each wait throws after `timeoutMs`.
 */
export async function settle({ followers, messages }: Pipelines, timeoutMs: number): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (const follower of followers) await follower.waitUntilCaughtUp(timeoutMs);
    if (round === 0) await messages.waitUntilCaughtUp(timeoutMs);
  }
}
