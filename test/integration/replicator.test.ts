/** The local replicator's last-writer-wins, on DynamoDB Local. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Replicator } from '../../local/replicator';
import type { Change } from '../../local/stream-follower';
import { testStore } from '../support/store';

const target = testStore('ap-southeast-1');
const replicator = new Replicator({
  from: 'us-east-1',
  to: 'ap-southeast-1',
  target: target.doc,
  tableName: target.tableName,
});
let sequence = 0;

function change(pk: string, image: Record<string, unknown>): Change {
  return {
    eventName: 'MODIFY',
    keys: { pk, sk: 'NIGHT#std#2030-01-01' },
    newImage: { pk, sk: 'NIGHT#std#2030-01-01', ...image },
    sequenceNumber: String(++sequence),
  };
}
const read = async (pk: string) =>
  (
    await target.doc.send(
      new GetCommand({
        TableName: target.tableName,
        Key: { pk, sk: 'NIGHT#std#2030-01-01' },
        ConsistentRead: true,
      }),
    )
  ).Item;

describe('replicator', () => {
  it('applies a second write made in the same millisecond, in a later batch (the version decides)', async () => {
    const pk = `HOTEL#same-ms-${Date.now()}`;
    const at = Date.now();
    await replicator.apply([
      change(pk, { booked: 1, version: 1, writtenAt: at, writtenBy: 'us-east-1', managedIn: 'us-east-1' }),
    ]);
    await replicator.apply([
      change(pk, { booked: 2, version: 2, writtenAt: at, writtenBy: 'us-east-1', managedIn: 'us-east-1' }),
    ]);
    expect(await read(pk)).toMatchObject({ booked: 2, version: 2 });
  });

  it('keeps the newer copy when an older change arrives late, and ignores changes that came from the other region', async () => {
    const pk = `HOTEL#late-${Date.now()}`;
    const at = Date.now();
    await replicator.apply([
      change(pk, { booked: 5, version: 5, writtenAt: at + 10, writtenBy: 'us-east-1' }),
    ]);
    await replicator.apply([change(pk, { booked: 4, version: 4, writtenAt: at, writtenBy: 'us-east-1' })]);
    expect(await read(pk)).toMatchObject({ booked: 5 });
    await replicator.apply([
      change(pk, { booked: 9, version: 9, writtenAt: at + 20, writtenBy: 'ap-southeast-1' }),
    ]);
    expect(await read(pk)).toMatchObject({ booked: 5 });
  });

  it('follows the source commit order when two concurrent writes were stamped in the opposite order', async () => {
    // Found by the handover benchmark: version 2 committed after version 1 but was stamped 2 ms earlier.
    const pk = `HOTEL#reversed-${Date.now()}`;
    const at = Date.now();
    await replicator.apply([
      change(pk, { booked: 1, version: 1, writtenAt: at + 2, writtenBy: 'us-east-1' }),
    ]);
    await replicator.apply([change(pk, { booked: 2, version: 2, writtenAt: at, writtenBy: 'us-east-1' })]);
    expect(await read(pk)).toMatchObject({ booked: 2, version: 2 });
  });

  it('lets the later write win against a copy another region wrote (a conflict)', async () => {
    const pk = `HOTEL#conflict-${Date.now()}`;
    const at = Date.now();
    await target.doc.send(
      new PutCommand({
        TableName: target.tableName,
        Item: {
          pk,
          sk: 'NIGHT#std#2030-01-01',
          booked: 7,
          version: 9,
          writtenAt: at + 5,
          writtenBy: 'ap-southeast-1',
        },
      }),
    );
    await replicator.apply([change(pk, { booked: 1, version: 12, writtenAt: at, writtenBy: 'us-east-1' })]);
    expect(await read(pk)).toMatchObject({ booked: 7, writtenBy: 'ap-southeast-1' });
    await replicator.apply([
      change(pk, { booked: 3, version: 13, writtenAt: at + 6, writtenBy: 'us-east-1' }),
    ]);
    expect(await read(pk)).toMatchObject({ booked: 3, writtenBy: 'us-east-1' });
  });
});
