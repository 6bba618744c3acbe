/** The one place where errors become HTTP answers in the contract's shape. */
import {
  DomainError,
  OutcomeUnknown,
  OwnerRegionUnavailable,
  StoreBusy,
  TooManyRequests,
} from '../domain/errors';
import { type ApiResponse, json } from './api-request';

/** The body is larger than the contract allows. */
export class PayloadTooLarge extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
}

/** The path exists but not with this method. */
export class MethodNotAllowed extends DomainError {
  readonly code = 'METHOD_NOT_ALLOWED';
  constructor(readonly allowed: readonly string[]) {
    super(`Use ${allowed.join(', ')} on this path`);
  }
}

const STATUS: Record<string, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SOLD_OUT: 409,
  NOT_BOOKABLE: 409,
  PRICE_CHANGED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_MISMATCH: 422,
  TOO_MANY_REQUESTS: 429,
  OWNER_REGION_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  OUTCOME_UNKNOWN: 504,
};

/** Every error code the API can answer with, and its status. */
export const ERROR_STATUS: Readonly<Record<string, number>> = STATUS;

/**
 * The answer for `error`. Domain errors keep their message and details; anything
 * else is a 500 that says only that something failed, with the correlation id
 * the logs carry, never a stack, class or table name.
 */
export function errorResponse(
  error: unknown,
  correlationId: string,
): { response: ApiResponse; unexpected: boolean } {
  if (error instanceof DomainError && STATUS[error.code]) {
    const headers: Record<string, string> = {};
    if (
      error instanceof OwnerRegionUnavailable ||
      error instanceof StoreBusy ||
      error instanceof OutcomeUnknown ||
      error instanceof TooManyRequests
    )
      headers['retry-after'] = String(error.retryAfterSeconds);
    // The key the attempt ran under: retrying with it is what makes the retry safe.
    if (error instanceof OutcomeUnknown && error.idempotencyKey)
      headers['idempotency-key'] = error.idempotencyKey;
    if (error instanceof MethodNotAllowed) headers.allow = error.allowed.join(', ');
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
    return { response: json(STATUS[error.code] ?? 500, body, headers), unexpected: false };
  }
  return {
    response: json(500, {
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side; nothing more is known to the caller',
        details: { correlationId },
      },
    }),
    unexpected: true,
  };
}
