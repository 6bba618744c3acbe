/** The in-process write signal that wakes stream followers (no Java: the client never reaches a server). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { tablesWritten, WriteSignal } from '../../local/write-signal';

/** A client whose requests end before the network: `fail` makes them throw, as a lost answer would. */
function offlineClient(fail = false) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    () => async () => {
      if (fail) throw new Error('socket hang up');
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'build', name: 'offline' },
  );
  return client;
}

/** Until the nudges of the writes so far have been delivered (no request is in flight here). */
const nudged = () => new Promise((resolve) => setImmediate(resolve));

describe('write signal', () => {
  it('names the tables each write command writes, and none for a read', () => {
    expect(tablesWritten('PutItemCommand', { TableName: 'a' })).toEqual(['a']);
    expect(tablesWritten('UpdateItemCommand', { TableName: 'a' })).toEqual(['a']);
    expect(tablesWritten('DeleteItemCommand', { TableName: 'a' })).toEqual(['a']);
    expect(tablesWritten('BatchWriteItemCommand', { RequestItems: { a: [], b: [] } })).toEqual(['a', 'b']);
    expect(
      tablesWritten('TransactWriteItemsCommand', {
        TransactItems: [{ Put: { TableName: 'a' } }, { ConditionCheck: { TableName: 'b' } }],
      }),
    ).toEqual(['a', 'b']);
    expect(tablesWritten('ExecuteStatementCommand', { Statement: 'UPDATE a SET x = 1' })).toBe('any');
    expect(tablesWritten('GetItemCommand', { TableName: 'a' })).toEqual([]);
    expect(tablesWritten('QueryCommand', { TableName: 'a' })).toEqual([]);
  });

  it('tells the listeners of the region and table written, and only them', async () => {
    const signal = new WriteSignal();
    const heard: string[] = [];
    signal.on('us-east-1', 'hotels', () => heard.push('us hotels'));
    signal.on('ap-southeast-1', 'hotels', () => heard.push('asia hotels'));
    const off = signal.on('us-east-1', 'other', () => heard.push('us other'));
    signal.written('us-east-1', ['hotels']);
    signal.written('ap-southeast-1', 'any');
    await nudged();
    off();
    signal.written('us-east-1', ['other']);
    await nudged();
    expect(heard).toEqual(['us hotels', 'asia hotels']);
  });

  it('hears the writes of a watched client and of document clients built on it, answered or not', async () => {
    const signal = new WriteSignal();
    const heard: string[] = [];
    signal.on('us-east-1', 'hotels', () => heard.push('hotels'));
    signal.on('us-east-1', 'audit', () => heard.push('audit'));
    const client = offlineClient();
    signal.watch(client, 'us-east-1');
    const doc = createDocumentClient(client);
    await doc.send(new GetCommand({ TableName: 'hotels', Key: { pk: 'a', sk: 'b' } }));
    await nudged();
    expect(heard).toEqual([]);
    await doc.send(new PutCommand({ TableName: 'hotels', Item: { pk: 'a', sk: 'b' } }));
    await nudged();
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'hotels', Item: { pk: 'a', sk: 'c' } } },
          { Delete: { TableName: 'audit', Key: { pk: 'a', sk: 'd' } } },
        ],
      }),
    );
    await nudged();
    expect(heard).toEqual(['hotels', 'hotels', 'audit']);

    const failing = offlineClient(true);
    signal.watch(failing, 'us-east-1');
    await expect(
      createDocumentClient(failing).send(new PutCommand({ TableName: 'hotels', Item: { pk: 'x', sk: 'y' } })),
    ).rejects.toThrow(/hang up/);
    await nudged();
    expect(heard).toEqual(['hotels', 'hotels', 'audit', 'hotels']);
  });

  it('holds nudges while requests are in flight, coalesced, and lets them go when answered or after the bound', async () => {
    let busy = true;
    const signal = new WriteSignal({ busy: () => busy, maxMs: 10_000 });
    const heard: string[] = [];
    signal.on('us-east-1', 'hotels', () => heard.push('hotels'));
    signal.written('us-east-1', ['hotels']);
    signal.written('us-east-1', ['hotels']);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([]);
    busy = false;
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['hotels']);

    const bounded = new WriteSignal({ busy: () => true, maxMs: 30 });
    bounded.on('us-east-1', 'hotels', () => heard.push('bounded'));
    const written = performance.now();
    bounded.written('us-east-1', ['hotels']);
    while (heard.length < 2) await new Promise((r) => setTimeout(r, 2));
    expect(performance.now() - written).toBeGreaterThanOrEqual(29);
    expect(heard).toEqual(['hotels', 'bounded']);
  });
  it('lets an idle poll go at once when no request is in flight, else when they are answered or after the bound', async () => {
    let busy = false;
    const signal = new WriteSignal({ busy: () => busy, maxMs: 10_000 });
    const at = performance.now();
    await signal.whenIdle();
    expect(performance.now() - at).toBeLessThan(5);

    busy = true;
    let idle = false;
    const waiting = signal.whenIdle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    busy = false;
    await waiting;

    const bounded = new WriteSignal({ busy: () => true, maxMs: 30 });
    const asked = performance.now();
    await bounded.whenIdle();
    expect(performance.now() - asked).toBeGreaterThanOrEqual(29);
  });
});
