/** Starts one in-memory DynamoDB Local for the whole run, with the hotel table in each region's database. */
import 'vitest';
import type { TestProject } from 'vitest/node';
import { createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { REGIONS } from '../lambdas/domain/regions';
import { startDynamoDbLocal } from '../local/dynamodb-local';

export const TEST_TABLE = 'hotels';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

export default async function setup(project: TestProject) {
  const local = await startDynamoDbLocal();
  for (const region of REGIONS) {
    const client = createDynamoClient({ region, endpoint: local.endpoint });
    await ensureTable(client, TEST_TABLE);
    client.destroy();
  }
  project.provide('dynamoEndpoint', local.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => {
    await local.stop();
  };
}
