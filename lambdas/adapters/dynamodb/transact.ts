/**
 * Conditional transactions whose every item states its intent, so that a
 * cancelled transaction can be explained item by item in domain terms.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type RetryOptions, withRetries } from './retry';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What one item of a transaction is for. */
export type Intent =
  | 'guardRoomType'
  | 'guardRatePlan'
  | 'putRatePlan'
  | 'deleteRatePlan'
  | 'reserveNight'
  | 'guardCalendar'
  | 'setNightCalendar'
  | 'recordBooking'
  | 'claimReference'
  | 'assignReference'
  | 'replaceAccessTokens'
  | 'cancelBooking'
  | 'changeBookingStatus'
  | 'modifyBooking'
  | 'releaseNight'
  | 'closeHotel'
  | 'closeRoomType'
  | 'reopenHotel'
  | 'reopenRoomType'
  | 'deleteHotel'
  | 'deleteRoomType'
  | 'countRoomType'
  | 'createRoomType'
  | 'replaceRoomType'
  | 'summarizeRates'
  | 'guardOwner'
  | 'addAccessToken'
  | 'fenceHotel'
  | 'fenceRoomType'
  | 'liftHotelFence'
  | 'liftRoomTypeFence'
  | 'switchHotel'
  | 'switchRoomType'
  | 'recordHandover';

export interface IntentItem {
  readonly intent: Intent;
  /** Which night, room type, ... this item is about, for error messages. */
  readonly ref?: string;
  readonly item: TransactItem;
}

export interface FailedCondition {
  readonly intent: Intent;
  readonly ref?: string;
  /** The item as it was when its condition failed, if it existed. */
  readonly old?: Record<string, unknown>;
}

/** A transaction was cancelled because some of its conditions failed; nothing was written. */
export class ConditionsFailed extends Error {
  constructor(readonly failures: readonly FailedCondition[]) {
    super(`conditions failed: ${failures.map((f) => f.intent).join(', ')}`);
    this.name = 'ConditionsFailed';
  }

  /** The failures of one intent. */
  of(intent: Intent): FailedCondition[] {
    return this.failures.filter((f) => f.intent === intent);
  }
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

function withOldImageOnFailure(item: TransactItem): TransactItem {
  const [kind, body] = Object.entries(item)[0] as [keyof TransactItem, Record<string, unknown>];
  if (!body || !('ConditionExpression' in body)) return item;
  return { [kind]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItem;
}

/**
 * Writes all items or none. Contention, throttling and lost answers are retried
 * with jitter, within a bound and the request's deadline; failed conditions become
 * a `ConditionsFailed` naming each item's intent. Every attempt carries the same
 * client request token, so a retry of an attempt that committed unheard commits
 * nothing more (DynamoDB keeps a token for ten minutes).
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  items: readonly IntentItem[],
  retry: Omit<RetryOptions, 'writes'> = {},
): Promise<void> {
  // Made once: every attempt sends the same items under the same token.
  const TransactItems = items.map((i) => withOldImageOnFailure(i.item));
  const ClientRequestToken = createHash('sha256')
    .update(JSON.stringify(TransactItems))
    .digest('hex')
    .slice(0, 36);
  await withRetries(
    async (abortSignal) => {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems, ClientRequestToken }), { abortSignal });
      } catch (error) {
        const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
        if (
          (error as Error).name === 'TransactionCanceledException' &&
          reasons?.some((r) => r.Code === 'ConditionalCheckFailed')
        ) {
          throw new ConditionsFailed(
            reasons.flatMap((reason, index) => {
              const source = items[index];
              if (reason.Code !== 'ConditionalCheckFailed' || !source) return [];
              return [
                {
                  intent: source.intent,
                  ref: source.ref,
                  old: reason.Item ? unmarshall(reason.Item) : undefined,
                },
              ];
            }),
          );
        }
        throw error;
      }
    },
    { ...retry, writes: true },
  );
}
