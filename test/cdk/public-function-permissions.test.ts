/**
 * Least privilege of the internet-facing function (the /v1/hotels/* routes and /health): it reads,
 * books and cancels, and searches; it cannot scan, batch-write or delete, nor write to search.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lambdas/adapters/dynamodb/iam-actions';
import { REGIONS } from '../../lambdas/domain/regions';
import {
  actionsOf,
  BASE,
  functionId,
  resourcesOf,
  resourcesOfStatement,
  roleStatements,
  synthTemplates,
} from './support';

/** Reads (GetItem, Query, BatchGetItem) and the items of its transactions (ConditionCheck, Update, Put). */
const PUBLIC_TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
const TABLE = /(:dynamodb:[a-z0-9-]+:123456789012:table\/hotels|^<DataTable[0-9A-F]{8}\.Arn>)(\/index\/\*)?$/;
/** The lookup attempt counters: a regional table of their own, only counted in (UpdateItem). */
const ATTEMPTS_TABLE = /^<LookupAttemptsTable[0-9A-F]{8}\.Arn>$/;

let templates: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  templates = synthTemplates(BASE);
});

describe('the public function', () => {
  for (const region of REGIONS) {
    it(`${region}: may read, book and cancel on the table, and nothing more`, () => {
      const resources = resourcesOf(templates[region]);
      const statements = roleStatements(resources, functionId(resources, 'PublicApi'));
      expect(statements.length).toBeGreaterThan(0);
      const actions = statements.flatMap(actionsOf);
      for (const action of actions) expect(action, 'no wildcard actions').not.toContain('*');
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'])
        expect(actions).not.toContain(forbidden);
      const onAttempts = statements.filter((s) =>
        resourcesOfStatement(s).some((arn) => ATTEMPTS_TABLE.test(arn)),
      );
      expect(onAttempts.flatMap(actionsOf)).toEqual(['dynamodb:UpdateItem']);
      for (const s of onAttempts)
        expect(resourcesOfStatement(s).every((arn) => ATTEMPTS_TABLE.test(arn))).toBe(true);
      const dynamo = statements.filter(
        (s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && !onAttempts.includes(s),
      );
      expect([...new Set(dynamo.flatMap(actionsOf))].sort()).toEqual(PUBLIC_TABLE_ACTIONS);
      for (const s of dynamo) {
        for (const arn of resourcesOfStatement(s)) expect(arn).toMatch(TABLE);
        // Only reads reach the indexes (Query); items are written through the table.
        if (actionsOf(s).some((a) => /PutItem|UpdateItem|ConditionCheckItem/.test(a)))
          expect(resourcesOfStatement(s).filter((arn) => arn.includes('/index/'))).toEqual([]);
      }
      // /health reads the table.
      expect(
        dynamo.some(
          (s) =>
            actionsOf(s).includes('dynamodb:GetItem') &&
            resourcesOfStatement(s).some((arn) => TABLE.test(arn) && !arn.includes('/index/')),
        ),
      ).toBe(true);
    });

    it(`${region}: may only search the hotels index on OpenSearch`, () => {
      const resources = resourcesOf(templates[region]);
      const statements = roleStatements(resources, functionId(resources, 'PublicApi'));
      const search = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('es:')));
      expect(search.length).toBeGreaterThan(0);
      for (const s of search) {
        expect(actionsOf(s).every((a) => a === 'es:ESHttpPost')).toBe(true);
        for (const arn of resourcesOfStatement(s))
          expect(arn).toMatch(/^<SearchDomain[0-9A-F]{8}\.Arn>\/hotels\/_m?search$/);
      }
      // The client searches with POST <index>/_search and <index>/_msearch (search-grants.test.ts).
      expect(search.flatMap(actionsOf)).toContain('es:ESHttpPost');
    });

    it(`${region}: the hoteliers' and operators' functions keep the writes they need`, () => {
      const resources = resourcesOf(templates[region]);
      for (const name of ['ManageApi', 'AdminApi', 'ForwardReceiver']) {
        const actions = roleStatements(resources, functionId(resources, name)).flatMap(actionsOf);
        // Deleting a hotel deletes its items (in a transaction); forwarded writes include it.
        for (const action of [
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:Query',
        ])
          expect(actions, name).toContain(action);
        // Exactly what the adapters call: no Scan, BatchWriteItem or stream reads.
        const dynamo = [...new Set(actions.filter((a) => a.startsWith('dynamodb:')))].sort();
        expect(dynamo, name).toEqual([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort());
        for (const unused of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:GetRecords'])
          expect(actions, name).not.toContain(unused);
      }
    });
  }
});
