/** The stream follower's idle backoff and wake-ups, on a fake stream (no Java). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Change,
  idleWait,
  StreamFollower,
  type StreamFollowerOptions,
} from '../../local/stream-follower';

/** A stream of one or more shards; an iterator is "shard:index of the next record". */
class FakeStream {
  readonly shards = new Map<string, _Record[]>();
  polls = 0;
  /** Runs during the next GetRecords, after it has read the records it will return. */
  onNextPoll?: () => void;
  failNextPoll = false;
  pollDelayMs = 0;

  constructor(shardCount = 1) {
    for (let i = 1; i <= shardCount; i++) this.shards.set(`shard-${i}`, []);
  }

  append(sk: string, shard = 'shard-1'): void {
    const records = this.shards.get(shard) as _Record[];
    const seq = String(records.length + 1).padStart(6, '0');
    const keys = { pk: { S: 'p' }, sk: { S: sk } };
    records.push({ eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: keys, SequenceNumber: seq } });
  }

  readonly streams = {
    send: async (command: unknown) => {
      if (command instanceof DescribeStreamCommand)
        return { StreamDescription: { Shards: [...this.shards.keys()].map((ShardId) => ({ ShardId })) } };
      if (command instanceof GetShardIteratorCommand) {
        const { ShardId, ShardIteratorType } = command.input;
        const at = ShardIteratorType === 'LATEST' ? (this.shards.get(ShardId ?? '')?.length ?? 0) : 0;
        return { ShardIterator: `${ShardId}:${at}` };
      }
      if (command instanceof GetRecordsCommand) {
        this.polls++;
        if (this.failNextPoll) {
          this.failNextPoll = false;
          throw new Error('iterator expired');
        }
        const [shard, at] = String(command.input.ShardIterator).split(':') as [string, string];
        const out = (this.shards.get(shard) ?? []).slice(
          Number(at),
          Number(at) + (command.input.Limit ?? 1000),
        );
        const hook = this.onNextPoll;
        this.onNextPoll = undefined;
        hook?.();
        if (this.pollDelayMs) await new Promise((r) => setTimeout(r, this.pollDelayMs));
        return { Records: out, NextShardIterator: `${shard}:${Number(at) + out.length}` };
      }
      throw new Error(`unexpected ${(command as object).constructor.name}`);
    },
  } as unknown as DynamoDBStreamsClient;
}

const ddb = {
  send: async () => ({ Table: { LatestStreamArn: 'arn:fake/stream' } }),
} as unknown as DynamoDBClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const running: StreamFollower[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((f) => f.stop()));
});

/** A started follower of `stream`, with the nudge its wake-up subscription received. */
async function follower(stream: FakeStream, options: Partial<StreamFollowerOptions> = {}) {
  const delivered: Array<{ change: Change; at: number }> = [];
  const errors: number[] = [];
  let nudge: () => void = () => undefined;
  const f = new StreamFollower({
    ddb,
    streams: stream.streams,
    tableName: 'hotels',
    startAt: 'LATEST',
    idlePollMs: 10,
    maxIdlePollMs: 5_000,
    wakeOn: (n) => {
      nudge = n;
      return () => undefined;
    },
    onChanges: async (changes) => {
      for (const change of changes) delivered.push({ change, at: performance.now() });
    },
    onError: () => errors.push(performance.now()),
    ...options,
  });
  await f.prime();
  f.start();
  running.push(f);
  return { f, delivered, errors, nudge: () => nudge() };
}

describe('idle backoff', () => {
  it('doubles the wait from the first idle poll up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => idleWait(n, 25, 1_000))).toEqual([
      25, 50, 100, 200, 400, 800, 1_000, 1_000, 1_000,
    ]);
    expect(idleWait(0, 25, 1_000)).toBe(25);
    expect(idleWait(3, 40, 40)).toBe(40);
  });

  it('polls a quiet stream rarely', async () => {
    const stream = new FakeStream();
    await follower(stream, { maxIdlePollMs: 200 });
    await sleep(1_000);
    // 10, 20, 40, 80, 160, then every 200 ms: about 9 polls in a second, where a fixed 10 ms poll makes ~100.
    expect(stream.polls).toBeLessThan(20);
  });

  it('keeps polling at the idle interval when nothing can wake it', async () => {
    const stream = new FakeStream();
    await follower(stream, { wakeOn: undefined, maxIdlePollMs: undefined });
    await sleep(500);
    expect(stream.polls).toBeGreaterThan(20);
  });

  it('delivers a write at once when nudged, however long it has been quiet', async () => {
    const stream = new FakeStream();
    const { delivered, nudge } = await follower(stream);
    await sleep(800); // backed off: its current wait is hundreds of ms
    const written = performance.now();
    stream.append('a');
    nudge();
    await sleep(100);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['a']);
    expect((delivered[0]?.at ?? Number.POSITIVE_INFINITY) - written).toBeLessThan(50);
  });

  it('polls again when a write lands while a poll is in flight, instead of sleeping', async () => {
    const stream = new FakeStream();
    // A long first idle wait, so that sleeping after the poll would show.
    const { delivered, nudge } = await follower(stream, { idlePollMs: 300 });
    await sleep(500);
    stream.pollDelayMs = 20;
    let written = 0;
    // The write commits after this poll read the stream, and its nudge arrives before the poll returns.
    stream.onNextPoll = () => {
      written = performance.now();
      stream.append('late');
      nudge();
    };
    nudge();
    await sleep(400);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['late']);
    expect((delivered[0]?.at ?? Number.POSITIVE_INFINITY) - written).toBeLessThan(150);
  });

  it('holds a poll that ends an idle wait until beforeIdlePoll lets it go', async () => {
    const stream = new FakeStream();
    let held = 0;
    let release: () => void = () => undefined;
    await follower(stream, {
      beforeIdlePoll: () => {
        held++;
        return new Promise<void>((r) => {
          release = r;
        });
      },
    });
    await sleep(100);
    // One round, a 10 ms idle wait, then held: no second poll however long it waits.
    expect([stream.polls, held]).toEqual([1, 1]);
    release();
    await sleep(100);
    expect([stream.polls, held]).toEqual([2, 2]);
    release();
  });

  it('never holds a nudged poll: the nudge was held where it was sent', async () => {
    const stream = new FakeStream();
    let held = 0;
    const { delivered, nudge } = await follower(stream, {
      idlePollMs: 300,
      beforeIdlePoll: async () => {
        held++;
      },
    });
    await sleep(50);
    stream.append('a');
    nudge();
    await sleep(50);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['a']);
    expect(held).toBe(0);
  });

  it('answers waitUntilCaughtUp at once, having read what was written before the call', async () => {
    const stream = new FakeStream();
    const { f, delivered } = await follower(stream);
    await sleep(800);
    stream.append('unannounced'); // written by another process: no nudge
    const asked = performance.now();
    await f.waitUntilCaughtUp(2_000);
    expect(performance.now() - asked).toBeLessThan(100);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['unannounced']);
  });

  it('polls a short batch once: the next poll waits for a nudge or the idle wait', async () => {
    const stream = new FakeStream();
    const { delivered, nudge } = await follower(stream, { idlePollMs: 400 });
    await sleep(50);
    const before = stream.polls;
    stream.append('a');
    nudge();
    await sleep(150);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['a']);
    // Polling again at once would find the shard empty (the old follower made 2 polls here).
    expect(stream.polls - before).toBe(1);
    stream.append('b');
    nudge();
    await sleep(100);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['a', 'b']);
  });

  it('reads on at once after a full batch, which may have left more behind', async () => {
    const stream = new FakeStream();
    const { delivered, nudge } = await follower(stream, { idlePollMs: 400 });
    await sleep(50);
    for (let i = 0; i < 2_500; i++) stream.append(`r${i}`);
    nudge();
    await sleep(150);
    expect(delivered).toHaveLength(2_500);
  });

  it('is caught up after a round that read every shard to its end, with no empty round after it', async () => {
    const stream = new FakeStream(2);
    const { f, delivered } = await follower(stream, { idlePollMs: 1_000 });
    await sleep(50);
    stream.append('one', 'shard-1');
    stream.append('two', 'shard-2');
    const asked = performance.now();
    await f.waitUntilCaughtUp(3_000);
    expect(performance.now() - asked).toBeLessThan(300);
    expect(delivered.map((d) => d.change.keys.sk).sort()).toEqual(['one', 'two']);
  });

  it('is not caught up after a round that read a full batch, only once it has read the rest', async () => {
    const stream = new FakeStream();
    const { f, delivered } = await follower(stream, { idlePollMs: 1_000 });
    await sleep(50);
    for (let i = 0; i < 2_500; i++) stream.append(`r${i}`); // written by another process: no nudge
    stream.pollDelayMs = 30; // each round takes a while, so an early answer would be seen
    await f.waitUntilCaughtUp(3_000);
    expect(delivered).toHaveLength(2_500);
  });

  it('is not caught up while paused, and catches up on resume', async () => {
    const stream = new FakeStream();
    const { f, delivered } = await follower(stream);
    f.pause();
    stream.append('held');
    await expect(f.waitUntilCaughtUp(150)).rejects.toThrow(/not caught up/);
    f.resume();
    await f.waitUntilCaughtUp(2_000);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['held']);
  });

  it('does not count a round that was paused part-way as caught up', async () => {
    const stream = new FakeStream(2);
    const { f, delivered } = await follower(stream);
    await sleep(100);
    stream.append('second shard', 'shard-2');
    stream.pollDelayMs = 30;
    // Paused while the first shard is read, so the second is skipped this round; resumed after it.
    stream.onNextPoll = () => {
      f.pause();
      setTimeout(() => f.resume(), 45);
    };
    await f.waitUntilCaughtUp(2_000);
    expect(delivered.map((d) => d.change.keys.sk)).toEqual(['second shard']);
  });

  it('waits out an error before polling again, nudged or not', async () => {
    const stream = new FakeStream();
    const { errors, nudge } = await follower(stream);
    stream.failNextPoll = true;
    nudge();
    await sleep(50);
    expect(errors).toHaveLength(1);
    const polls = stream.polls;
    const spam = setInterval(nudge, 5);
    await sleep(150);
    clearInterval(spam);
    expect(stream.polls).toBe(polls);
  });
});
