/**
 * Follows a DynamoDB stream on DynamoDB Local, shard by shard, handing batches
 * of changes to a handler and remembering where it stopped (when given a
 * checkpoint file), so a restart neither loses nor repeats a change.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { writeJsonAtomically } from './json-lines';

type Item = Record<string, unknown>;

/** One change, unmarshalled. */
export interface Change {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly keys: { pk: string; sk: string };
  readonly newImage?: Item;
  readonly oldImage?: Item;
  readonly sequenceNumber: string;
}

export interface StreamFollowerOptions {
  readonly ddb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  /** Where to keep the position; without it the follower starts from `startAt` every time. */
  readonly checkpointFile?: string;
  /** Where to begin in a shard with no checkpoint. */
  readonly startAt: 'TRIM_HORIZON' | 'LATEST';
  readonly onChanges: (changes: Change[]) => Promise<void>;
  /** The wait after the first round that found nothing, or that delivered a batch short of the limit. @default 40 */
  readonly idlePollMs?: number;
  /**
   * The longest wait between rounds of a quiet stream: each round that finds nothing
   * doubles the wait, from `idlePollMs` up to this. A poll is work for DynamoDB Local
   * even when empty, so a quiet stream is polled rarely.
   * @default 1000 with `wakeOn`; else `idlePollMs`, since without a wake-up a write would
   * wait out the whole backoff
   */
  readonly maxIdlePollMs?: number;
  /**
   * Subscribes `nudge` to writes to this table (returning an unsubscribe): a nudge
   * polls at once and restarts the backoff, so a write is picked up without waiting.
   */
  readonly wakeOn?: (nudge: () => void) => () => void;
  /**
   * Awaited before a poll that ends an idle wait (a timer's, not a nudge's, which is held where
   * it is sent): locally, the API's requests in flight, so that polling does not run under them.
   */
  readonly beforeIdlePoll?: () => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

/** The wait after the `quietRounds`-th empty round in a row: doubling from `firstMs`, capped at `maxMs`. */
export function idleWait(quietRounds: number, firstMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(0, quietRounds - 1), 30);
  return Math.max(firstMs, Math.min(maxMs, firstMs * 2 ** doublings));
}

/**
 * The most records a poll asks a shard for. DynamoDB Local returns every record up to this
 * (it has no 1 MB page), so a shorter answer means the shard was read to its end.
 */
const BATCH_LIMIT = 1000;

interface Checkpoint {
  streamArn: string;
  shards: Record<string, string>;
}

/**
 * The Streams client deserializes an empty map (`{"M":{}}`) as a bare `{}`,
 * which `unmarshall` rejects. An attribute value always has exactly one type
 * key, so a bare `{}` can only have been an empty map.
 */
export function repairEmptyMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(repairEmptyMaps);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { M: {} };
  const [type, inner] = entries[0] as [string, unknown];
  if (entries.length === 1 && type === 'M' && inner && typeof inner === 'object')
    return { M: Object.fromEntries(Object.entries(inner).map(([k, v]) => [k, repairEmptyMaps(v)])) };
  if (entries.length === 1 && type === 'L' && Array.isArray(inner)) return { L: inner.map(repairEmptyMaps) };
  return value;
}

/** An image from the stream, unmarshalled. */
export function unmarshallImage(image: Record<string, unknown>): Item {
  const repaired = Object.fromEntries(Object.entries(image).map(([k, v]) => [k, repairEmptyMaps(v)]));
  return unmarshall(repaired as never);
}

function toChange(record: _Record): Change | undefined {
  const data = record.dynamodb;
  if (!data?.Keys || !data.SequenceNumber) return undefined;
  // DynamoDB Local reports TTL deletions as an event name the SDK does not know: they are removals.
  const eventName =
    record.eventName === 'INSERT' || record.eventName === 'MODIFY' ? record.eventName : 'REMOVE';
  return {
    eventName,
    keys: unmarshall(data.Keys as never) as { pk: string; sk: string },
    newImage: data.NewImage ? unmarshallImage(data.NewImage) : undefined,
    oldImage: data.OldImage ? unmarshallImage(data.OldImage) : undefined,
    sequenceNumber: data.SequenceNumber,
  };
}

export class StreamFollower {
  private running = false;
  private paused = false;
  private loop?: Promise<void>;
  private streamArn?: string;
  private readonly iterators = new Map<string, string | null>();
  private checkpoint: Checkpoint = { streamArn: '', shards: {} };
  /** Rounds in a row that found nothing since the last delivery or nudge: what the backoff counts. */
  private quietRounds = 0;
  /** Rounds begun so far, and the last of them that read every shard to its end while not paused. */
  private roundsBegun = 0;
  private lastRoundToEnd = 0;
  /** Bumped by every `pause`, so a round that was paused part-way never counts as caught up. */
  private pauses = 0;
  /** A write landed since the current round began: poll again instead of sleeping. */
  private nudged = false;
  private wake?: () => void;
  private sleepingIdle = false;
  private unsubscribe?: () => void;

  constructor(private readonly options: StreamFollowerOptions) {}

  private get maxIdlePollMs(): number {
    const first = this.options.idlePollMs ?? 40;
    return Math.max(first, this.options.maxIdlePollMs ?? (this.options.wakeOn ? 1000 : first));
  }

  /** Finds the stream and positions every shard; changes after this call will be delivered. */
  async prime(): Promise<void> {
    const table = await this.options.ddb.send(
      new DescribeTableCommand({ TableName: this.options.tableName }),
    );
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${this.options.tableName} has no stream`);
    this.streamArn = arn;
    if (this.options.checkpointFile) mkdirSync(dirname(this.options.checkpointFile), { recursive: true });
    if (this.options.checkpointFile && existsSync(this.options.checkpointFile)) {
      const saved = JSON.parse(readFileSync(this.options.checkpointFile, 'utf8')) as Checkpoint;
      // A checkpoint of another stream (the table was recreated) does not apply.
      if (saved.streamArn === arn) this.checkpoint = saved;
    }
    this.checkpoint.streamArn = arn;
    await this.refreshShards(true);
  }

  /** Positions new shards: at `startAt` when priming; a shard that appears later is read from its start. */
  private async refreshShards(priming = false): Promise<void> {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const out = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId }),
      );
      shards.push(...(out.StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = out.StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    for (const shard of shards) {
      const id = shard.ShardId;
      if (!id || this.iterators.has(id)) continue;
      const after = this.checkpoint.shards[id];
      const out = await this.options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: id,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : {
                ShardIteratorType:
                  priming && !this.options.checkpointFile ? this.options.startAt : 'TRIM_HORIZON',
              }),
        }),
      );
      this.iterators.set(id, out.ShardIterator ?? null);
    }
  }

  /** Starts following (after `prime`). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.wakeOn?.(() => this.nudge());
    this.loop = this.run();
  }

  /** Stops delivering after the batch in hand; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.loop;
  }

  /** Holds delivery (changes wait in the stream) until `resume`. */
  pause(): void {
    this.paused = true;
    this.pauses++;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  /** Something was written: poll now (or right after the round in hand) and restart the backoff. */
  nudge(): void {
    this.nudged = true;
    this.quietRounds = 0;
    if (this.sleepingIdle) this.wake?.();
  }

  /**
   * Resolves once a round begun after this call has read every shard to its end (so it
   * delivered all that was written before the call), or rejects after `timeoutMs`. It
   * nudges the follower, so a waiting follower answers at once.
   */
  async waitUntilCaughtUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const after = this.roundsBegun;
    this.nudge();
    while (this.paused || this.lastRoundToEnd <= after) {
      if (Date.now() > deadline)
        throw new Error(`stream of ${this.options.tableName} not caught up in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits `ms`, or less if stopped or resumed; a nudge cuts short only an idle wait, never an error's. */
  private sleep(ms: number, idle = false): Promise<void> {
    return new Promise((resolve) => {
      this.sleepingIdle = idle;
      const done = () => {
        this.sleepingIdle = false;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    let sinceRefresh = 0;
    while (this.running) {
      if (this.paused) {
        await this.sleep(50);
        continue;
      }
      let delivered = 0;
      let readToEnd = true;
      // A write that lands from here on is either read by this round or makes it poll again.
      this.nudged = false;
      const round = ++this.roundsBegun;
      const pausesBefore = this.pauses;
      try {
        if (++sinceRefresh >= 50 || this.iterators.size === 0) {
          sinceRefresh = 0;
          await this.refreshShards();
        }
        for (const [shardId, iterator] of this.iterators) {
          if (!iterator || !this.running || this.paused) continue;
          const out = await this.options.streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: BATCH_LIMIT }),
          );
          if ((out.Records?.length ?? 0) >= BATCH_LIMIT) readToEnd = false;
          const changes = (out.Records ?? []).map(toChange).filter((c): c is Change => c !== undefined);
          if (changes.length) {
            await this.options.onChanges(changes);
            delivered += changes.length;
            this.checkpoint.shards[shardId] = (changes.at(-1) as Change).sequenceNumber;
            await this.saveCheckpoint();
          }
          this.iterators.set(shardId, out.NextShardIterator ?? null);
        }
      } catch (error) {
        this.options.onError?.(error);
        // Iterators die with the database: position the shards again, after the last change handled.
        this.iterators.clear();
        await this.sleep(250);
        continue;
      }
      // Every shard was read to its end: what was written before this round began is delivered.
      const pausedInRound = this.pauses !== pausesBefore || this.paused;
      if (readToEnd && !pausedInRound) this.lastRoundToEnd = round;
      // A full batch may have left more behind, a pause may have skipped shards, and a write
      // may have landed since the round began: go round again at once. Otherwise every shard
      // was read to its end, and polling again would only find it empty; a later write nudges.
      if (!readToEnd || this.nudged || pausedInRound) continue;
      if (delivered > 0) this.quietRounds = 0;
      else this.quietRounds++;
      const first = this.options.idlePollMs ?? 40;
      await this.sleep(idleWait(this.quietRounds, first, this.maxIdlePollMs), true);
      if (!this.nudged && this.running) await this.options.beforeIdlePoll?.();
    }
  }

  /** Saves the position (write-then-rename, so a crash never leaves half of it), off the event loop. */
  private async saveCheckpoint(): Promise<void> {
    const file = this.options.checkpointFile;
    if (file) await writeJsonAtomically(file, this.checkpoint);
  }
}
