/**
 * The small client every store of the hotel table writes through: reads, paged
 * queries, a conditional update that explains itself, transactions, and the
 * write stamp every write carries. It knows the table, not the item kinds.
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { backoffDelay, sleep } from '../../domain/backoff';
import { StaleRead, StoreBusy } from '../../domain/errors';
import type { CursorSeal, ReadOptions } from '../../domain/ports';
import type { Region } from '../../domain/regions';
import { PROCESS_CURSOR_SEAL } from '../cursor-seal';
import type { Item, ItemKey, WriteStamp } from './items/item-kind';
import {
  DEFAULT_RETRY_POLICY,
  pauseBeforeRetry,
  type RetryOptions,
  type RetryPolicy,
  withRetries,
} from './retry';
import { ConditionsFailed, type IntentItem, transactWrite } from './transact';

export interface HotelTableClientOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The region this client writes in; every write is conditioned on the item being owned here. */
  readonly region: Region;
  /** @default the system clock */
  readonly now?: () => Date;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retryPolicy?: RetryPolicy;
  /** How a pause between retries is waited out. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Seals the lists' cursors: the deployment's key. @default a key of this process (tests) */
  readonly cursors?: CursorSeal;
}

/** A conditional update's outcome: the new item, or the old one that refused it. */
export type ConditionalUpdate = { ok: true; item: Item } | { ok: false; old?: Item };

/** One region's copy of the hotel table. */
export class HotelTableClient {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly region: Region;
  readonly retryPolicy: RetryPolicy;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  /** What seals and opens the lists' cursors. */
  readonly cursors: CursorSeal;

  constructor(options: HotelTableClientOptions) {
    this.doc = options.doc;
    this.tableName = options.tableName;
    this.region = options.region;
    this.now = options.now ?? (() => new Date());
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? sleep;
    this.cursors = options.cursors ?? PROCESS_CURSOR_SEAL;
  }

  /** This region's stamp for a write made now. */
  writeStamp(): WriteStamp {
    return { writtenBy: this.region, writtenAt: this.now().getTime() };
  }

  /** `SET` assignments for `fields` plus the write stamp, with their names and values. */
  assignments(fields: Record<string, unknown>) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [field, value] of Object.entries({ ...fields, ...this.writeStamp() })) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      parts.push(`#${field} = :${field}`);
    }
    return { names, values, clause: parts.join(', ') };
  }

  /**
   * Runs one call with the bounded, jittered retry policy, each attempt cut off at the request's
   * deadline through `abortSignal`; `kind` says what a lost answer leaves (see RetryOptions).
   */
  retrying<T>(
    call: (abortSignal?: AbortSignal) => Promise<T>,
    kind: Pick<RetryOptions, 'writes' | 'conditionFailsOnOwnWrite'> = {},
  ): Promise<T> {
    return withRetries(call, { policy: this.retryPolicy, sleep: this.sleep, ...kind });
  }

  /** One item by key. */
  async get(key: ItemKey, options?: ReadOptions): Promise<Item | undefined> {
    const out = await this.retrying((abortSignal) =>
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: options?.consistent ?? false }),
        { abortSignal },
      ),
    );
    return out.Item;
  }

  /** Every item a query matches, all pages. */
  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.retrying((abortSignal) =>
        this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey }), {
          abortSignal,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** One page of a query: at most `Limit` items evaluated, and where to continue. */
  async queryPage(input: Omit<QueryCommandInput, 'TableName'>): Promise<{ items: Item[]; lastKey?: Item }> {
    const page = await this.retrying((abortSignal) =>
      this.doc.send(new QueryCommand({ TableName: this.tableName, ...input }), { abortSignal }),
    );
    return { items: page.Items ?? [], lastKey: page.LastEvaluatedKey };
  }

  /**
   * The items that exist among `keys` (at most 100), strongly consistent unless told.
   * Unprocessed keys (DynamoDB's sign of throttling) are retried after the same
   * jittered, bounded backoff as any other retry, then `StoreBusy`.
   */
  async batchGet(keys: readonly ItemKey[], options: ReadOptions = { consistent: true }): Promise<Item[]> {
    if (keys.length > 100) throw new Error('batchGet takes at most 100 keys');
    const found: Item[] = [];
    let pending: ItemKey[] = [...keys];
    for (let round = 0; pending.length && round < this.retryPolicy.maxAttempts; round++) {
      if (round > 0) await pauseBeforeRetry(backoffDelay(round, this.retryPolicy), this.sleep);
      const out = await this.retrying((abortSignal) =>
        this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: pending, ConsistentRead: options.consistent ?? false },
            },
          }),
          { abortSignal },
        ),
      );
      found.push(...(out.Responses?.[this.tableName] ?? []));
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as ItemKey[];
    }
    if (pending.length) throw new StoreBusy();
    return found;
  }

  /**
   * A single-item conditional update; a failed condition returns the old item instead of throwing.
   * `conditionFailsOnOwnWrite`: see RetryOptions (a version check, say).
   */
  async conditionalUpdate(
    input: Omit<UpdateCommandInput, 'TableName'>,
    { conditionFailsOnOwnWrite = false } = {},
  ): Promise<ConditionalUpdate> {
    try {
      const out = await this.retrying(
        (abortSignal) =>
          this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              ReturnValues: 'ALL_NEW',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ...input,
            }),
            { abortSignal },
          ),
        { writes: true, conditionFailsOnOwnWrite },
      );
      return { ok: true, item: out.Attributes ?? {} };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      return { ok: false, old: raw ? unmarshall(raw) : undefined };
    }
  }

  /** Writes all items or none; failed conditions become a `ConditionsFailed` naming each intent. */
  transact(items: readonly IntentItem[]): Promise<void> {
    return transactWrite(this.doc, items, { policy: this.retryPolicy, sleep: this.sleep });
  }

  /** One transaction whose failed conditions all mean "re-read and try again". */
  async transactOrStale(items: readonly IntentItem[], what: string): Promise<void> {
    try {
      await this.transact(items);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw new StaleRead(what);
      throw error;
    }
  }

  /** True when the table answers a read within `timeoutMs`; never retried, never throws. */
  async reachable(key: ItemKey, timeoutMs: number): Promise<boolean> {
    try {
      await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return true;
    } catch {
      return false;
    }
  }
}
