/**
 * "Something was written", in process: the local environment's own writes go
 * through the DynamoDB clients it creates, so a middleware on those clients tells
 * the stream followers of the table written that there is work, and they poll at
 * once instead of waiting out their idle wait. Writes from another process
 * (a script, a test's own client) are not seen: they wait for the next poll.
 *
 * The nudge waits while API requests are in flight (up to a bound): in AWS the stream's
 * consumers run in functions of their own, so replicating and indexing a booking never
 * delays its answer, nor a forwarded booking's way back. Here they share one event loop,
 * and a nudge at once made each booking's answer wait for the work it had just caused.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Listener = () => void;

type Input = Record<string, unknown>;
const tableOf = (action: unknown) => (action as { TableName?: string } | undefined)?.TableName;

/** The write commands, and where each names the tables it writes. */
const WRITES: Record<string, (input: Input) => string[] | 'any'> = {
  PutItemCommand: (input) => [String(input.TableName)],
  UpdateItemCommand: (input) => [String(input.TableName)],
  DeleteItemCommand: (input) => [String(input.TableName)],
  BatchWriteItemCommand: (input) => Object.keys((input.RequestItems as Input | undefined) ?? {}),
  TransactWriteItemsCommand: (input) =>
    ((input.TransactItems as Input[] | undefined) ?? []).flatMap((item) =>
      Object.values(item).flatMap((action) => tableOf(action) ?? []),
    ),
  // PartiQL names its tables inside the statement: wake every follower of the region.
  ExecuteStatementCommand: () => 'any',
  BatchExecuteStatementCommand: () => 'any',
  ExecuteTransactionCommand: () => 'any',
};

/** The tables a command writes ('any' when it cannot tell), or none for a read. */
export function tablesWritten(commandName: string | undefined, input: unknown): string[] | 'any' {
  const tables = commandName ? WRITES[commandName] : undefined;
  if (!tables || !input || typeof input !== 'object') return [];
  return tables(input as Input);
}

/** When nudges wait: while `busy()` says requests are in flight, for at most `maxMs`. */
export interface NudgeHold {
  readonly busy: () => boolean;
  readonly maxMs: number;
}

export class WriteSignal {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Listeners told of a write and not yet called. */
  private readonly pending = new Set<Listener>();
  private scheduled = false;
  private heldSince: number | undefined;

  constructor(private readonly hold: NudgeHold = { busy: () => false, maxMs: 0 }) {}

  /** Calls `listener` after every write to `tableName` in `region`; returns the unsubscribe. */
  on(region: string, tableName: string, listener: Listener): () => void {
    const key = `${region}\0${tableName}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
    };
  }

  /** Reports a write to `tables` in `region`: its listeners are called once the requests in flight are answered. */
  written(region: string, tables: string[] | 'any'): void {
    for (const [key, set] of this.listeners) {
      const [listenedRegion, table] = key.split('\0') as [string, string];
      if (listenedRegion !== region || (tables !== 'any' && !tables.includes(table))) continue;
      for (const listener of set) this.pending.add(listener);
    }
    this.schedule(() => setImmediate(() => this.flush()));
  }

  private schedule(later: () => void): void {
    if (this.scheduled || !this.pending.size) return;
    this.scheduled = true;
    later();
  }

  /** Calls the pending listeners, unless requests are in flight and they have not waited `maxMs` yet. */
  private flush(): void {
    this.scheduled = false;
    const now = performance.now();
    this.heldSince ??= now;
    if (this.hold.busy() && now - this.heldSince < this.hold.maxMs) {
      this.schedule(() => setTimeout(() => this.flush(), 1));
      return;
    }
    this.heldSince = undefined;
    const due = [...this.pending];
    this.pending.clear();
    for (const listener of due) listener();
  }

  /**
   * Resolves once no API request is in flight, or `maxMs` after the call: what a follower's
   * idle poll waits for, as a nudge does, so that background polling never runs under an answer.
   */
  whenIdle(): Promise<void> {
    if (!this.hold.busy()) return Promise.resolve();
    const until = performance.now() + this.hold.maxMs;
    return new Promise((resolve) => {
      const check = () => {
        if (!this.hold.busy() || performance.now() >= until) resolve();
        else setTimeout(check, 1);
      };
      setTimeout(check, 1);
    });
  }

  /** Reports every write `client` (and any document client built on it) sends to `region`. */
  watch(client: DynamoDBClient, region: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } finally {
          // Success or not: a write whose answer was lost may still have committed.
          const tables = tablesWritten(context.commandName, args.input);
          if (tables === 'any' || tables.length) this.written(region, tables);
        }
      },
      { step: 'initialize', name: 'localWriteSignal' },
    );
  }
}
