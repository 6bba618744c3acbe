import { describe, expect, it } from 'vitest';
import { repairEmptyMaps, unmarshallImage } from '../../local/stream-follower';

describe('stream images', () => {
  it('reads an empty map that the Streams client delivered as a bare {}', () => {
    // As seen from @aws-sdk/client-dynamodb-streams on DynamoDB Local: {"M":{}} arrives as {}.
    const delivered = {
      pk: { S: 'a' },
      attributes: {},
      list: { L: [] },
      nested: { M: { x: {}, y: { L: [{}] } } },
    };
    expect(unmarshallImage(delivered)).toEqual({
      pk: 'a',
      attributes: {},
      list: [],
      nested: { x: {}, y: [{}] },
    });
    expect(repairEmptyMaps({ S: 'x' })).toEqual({ S: 'x' });
  });
});
