/** Money in minor units with an ISO 4217 currency, as the contract states it. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** `price` times `count`, exact in integers. */
export function multiply(price: Money, count: number): Money {
  return { amount: price.amount * count, currency: price.currency };
}

/** True when both are the same amount in the same currency. */
export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}
