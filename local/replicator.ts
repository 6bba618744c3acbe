/**
 * Global tables, locally: reads one region's stream and applies each change to
 * the other region, in the source's commit order per item (its version), and last
 * writer wins on `writtenAt` when the target's copy came from another region.
 * It replicates only what was written in its source region, so what it applies
 * never comes back (no ping-pong), and it keeps its stream position in the
 * data dir, so it resumes where it stopped.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Region } from '../lambdas/domain/regions';
import { LatencyStats } from './latency-stats';
import type { Change, StreamFollower } from './stream-follower';

export interface ReplicatorOptions {
  readonly from: Region;
  readonly to: Region;
  readonly target: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Simulated cross-region delay added to each batch. */
  readonly latencyMs?: number;
  /** How many transactions to run at once (each key appears in one of them). */
  readonly concurrency?: number;
}

export class Replicator {
  readonly lag = new LatencyStats();
  applied = 0;
  skippedOlder = 0;
  follower?: StreamFollower;

  constructor(private readonly options: ReplicatorOptions) {}

  /** Applies a batch from the source stream to the target region. */
  async apply(changes: Change[]): Promise<void> {
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    // Within a batch only the last change of each key matters, and LWW makes re-application harmless.
    const lastByKey = new Map<string, Change>();
    for (const change of changes) lastByKey.set(`${change.keys.pk}\0${change.keys.sk}`, change);
    // Only what was written in the source region travels: what this replicator's twin applied
    // there came from here, so it goes no further (no ping-pong).
    const outgoing = [...lastByKey.values()].filter((c) => this.imageOf(c)?.writtenBy === this.options.from);
    const groups: Change[][] = [];
    for (let i = 0; i < outgoing.length; i += GROUP_SIZE) groups.push(outgoing.slice(i, i + GROUP_SIZE));
    const workers = Array.from({ length: this.options.concurrency ?? 4 }, async () => {
      for (let group = groups.shift(); group; group = groups.shift()) await this.applyGroup(group);
    });
    await Promise.all(workers);
  }

  private imageOf(change: Change) {
    return change.eventName === 'REMOVE' ? change.oldImage : change.newImage;
  }

  /**
   * The write of one change, conditioned on it being newer than what the target holds.
   * Against a copy from the same source region, newer is a higher version: every write of
   * an item increments it at commit, so versions follow the source's commit order, while
   * `writtenAt` is stamped before commit and two concurrent writes can commit in the
   * opposite order of their stamps. Against a copy another region wrote (a conflict, which
   * the single-writer rule keeps to evacuations), the later `writtenAt` wins, then the
   * higher version, then the region name, so both regions agree on one winner.
   */
  private writeOf(change: Change) {
    const image = this.imageOf(change) as Record<string, unknown>;
    const writtenAt = Number(image.writtenAt);
    const { tableName, from } = this.options;
    const version = Number(image.version ?? 0);
    const values = { ':at': writtenAt, ':v': version, ':by': from };
    if (change.eventName === 'REMOVE')
      return {
        Delete: {
          TableName: tableName,
          Key: change.keys,
          ConditionExpression:
            'attribute_not_exists(pk) OR (writtenBy = :by AND version <= :v) OR ' +
            '(writtenBy <> :by AND (writtenAt < :at OR (writtenAt = :at AND version <= :v)))',
          ExpressionAttributeValues: values,
        },
      };
    return {
      Put: {
        TableName: tableName,
        Item: image,
        ConditionExpression:
          'attribute_not_exists(pk) OR (writtenBy = :by AND version < :v) OR ' +
          '(writtenBy <> :by AND (writtenAt < :at OR (writtenAt = :at AND version < :v) OR ' +
          '(writtenAt = :at AND version = :v AND writtenBy < :by)))',
        ExpressionAttributeValues: values,
      },
    };
  }

  /**
   * Applies a group in one transaction: one round trip, each item still under its
   * own last-writer-wins condition. Items the target already has newer are
   * dropped and the rest tried again.
   */
  private async applyGroup(group: Change[]): Promise<void> {
    let pending = group;
    for (let attempt = 0; pending.length && attempt < 5; attempt++) {
      try {
        await this.options.target.send(
          new TransactWriteCommand({ TransactItems: pending.map((c) => this.writeOf(c)) }),
        );
        for (const change of pending) {
          this.applied++;
          this.lag.record(Date.now() - Number(this.imageOf(change)?.writtenAt));
        }
        return;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
        if ((error as Error).name !== 'TransactionCanceledException' || !reasons) throw error;
        const older = pending.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
        this.skippedOlder += older.length;
        pending = pending.filter((_, i) => reasons[i]?.Code !== 'ConditionalCheckFailed');
        if (!older.length) await new Promise((r) => setTimeout(r, 10 * (attempt + 1)));
      }
    }
    if (pending.length) throw new Error(`could not apply ${pending.length} changes to ${this.options.to}`);
  }
}

/** Keys applied per transaction (DynamoDB allows 100). */
const GROUP_SIZE = 50;
