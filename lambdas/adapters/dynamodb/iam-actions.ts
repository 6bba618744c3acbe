/**
 * The IAM actions the hotel table's adapters call, by what a function does with
 * them: the one list lib/ grants from, so a function's rights follow the code.
 */

/** What HotelTableClient reads with: GetItem, BatchGetItem, Query (on the table and its indexes). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/**
 * What the stores write with, each IAM action standing for itself and for the same
 * kind of item in a TransactWriteItems (IAM authorizes each item by its own action):
 * conditional puts and updates, deletes of a hotel's items, condition checks.
 * Never Scan, BatchWriteItem or stream reads: no request path calls them.
 */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
